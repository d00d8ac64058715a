"""``handout new clinic`` and ``handout new guide``: commented files that build at once.

Takes a name and values, given as options or answered at a prompt; gives the files written. Each
value is checked by the model's own field type, so a wrong phone number gets the message a build
would give ("expected a phone number (like …), got …"); then the whole file is checked as a build
checks it (the characters our fonts print, the footer's room, every guide resolved with it)
before it counts as written. An existing file is never overwritten, and a file that fails the
check is removed again with the picture copied for it: nothing is left half-made.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from handout.editing import templates
from handout.errors import ContentError, HandoutError, Problem, UsageError
from handout.model.common import Colour, Email, Id, Phone, Plain, Url
from handout.project import Project


@dataclass(frozen=True)
class Field:
    """One value ``handout new`` takes: its option, the question asked for it, its type."""

    option: str
    question: str
    type: Any  # the model's field type: the same check and message as a build
    key: str  # where it goes in the file, for the build's messages about it
    required: bool = True
    default: str | None = None

    def check(self, value: str) -> str:
        """``value`` as the model reads it, or a ``UsageError`` naming the option."""
        try:
            return str(TypeAdapter(self.type).validate_python(value.strip()))
        except ValidationError as exc:
            raise UsageError(f"{self.option}: {_expected(exc, value)}") from None


CLINIC: dict[str, Field] = {f.key: f for f in (
    Field("--name", "Clinic name, as patients know it", Plain, "name"),
    Field("--phone", "Main phone number, like (503) 555-0199", Phone, "contact.phone"),
    Field("--colour", "Brand colour, as #RRGGBB", Colour, "brand.primary"),
    Field("--logo", "Logo file: PNG, JPEG, WebP or SVG (Enter for none)", str, "brand.logo.file",
          required=False),
    Field("--logo-alt", "What the logo shows, for screen readers", Plain, "brand.logo.alt"),
    Field("--email", "Email address (Enter for none)", Email, "contact.email", required=False),
    Field("--website", "Web site, https://… (Enter for none)", Url, "contact.website",
          required=False),
    Field("--paper", "Paper size: letter or a4", Literal["letter", "a4"], "paper",
          required=False, default="letter"),
)}
SHORT_NAME = Field("--short-name", "The name is too long for the page footer; a shorter one "
                   "for the footer", Plain, "short_name")
TITLE = Field("--title", "Guide title", Plain, "title")

#: How ``handout new`` asks for a value on a terminal (None: there is no terminal), and how it
#: says what was wrong with an answer.
Ask = Callable[[Field], str]
Tell = Callable[[str], None]


def gather(fields: dict[str, Field], given: dict[str, str | None], ask: Ask | None, tell: Tell
           ) -> dict[str, str | None]:
    """Every field's value: as given (checked), else asked for on a terminal until it is right.

    Optional fields are asked for only when a required one was missing too: someone who typed
    the options wants no questions. Without a terminal, missing required values are an error.
    """
    values: dict[str, str | None] = {}
    interactive = ask is not None and any(
        f.required and given.get(k) is None for k, f in fields.items() if k != "brand.logo.alt")
    missing = []
    for key, field in fields.items():
        if key == "brand.logo.alt" and not values.get("brand.logo.file"):
            values[key] = None  # needed with a logo only
            continue
        if given.get(key) is not None:
            values[key] = field.check(given[key] or "")
        elif ask is not None and (field.required or interactive):
            values[key] = answer(field, ask, tell)
        elif field.required:
            missing.append(field.option)
        else:
            values[key] = field.default
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (there is no terminal to ask on; give "
                         f"{'it' if len(missing) == 1 else 'them'} as options)")
    return values


def answer(field: Field, ask: Ask, tell: Tell) -> str | None:
    """Ask for ``field`` until the answer passes its check (an empty answer skips an optional
    field)."""
    while True:
        reply = ask(field).strip()
        if not reply and not field.required:
            return field.default
        try:
            return field.check(reply)
        except UsageError as exc:
            tell(str(exc).split(": ", 1)[1])


def name_problem(name: str, what: str) -> None:
    try:
        TypeAdapter(Id).validate_python(name)
    except ValidationError:
        raise UsageError(f"{what}: expected lowercase letters, digits and single hyphens (like "
                         f"'river-bend'), got {name!r}") from None


def new_clinic(project: Project, name: str, values: dict[str, str | None],
               ask: Ask | None = None, tell: Tell = print) -> list[Path]:
    """Write ``content/clinics/<name>.yaml`` (and copy its logo into ``assets/<name>/``)."""
    name_problem(name, "NAME")
    path = project.clinics_dir / f"{name}.yaml"
    _refuse_existing(project, path)
    logo = _logo(project, name, values.get("brand.logo.file"))
    short = values.get("short_name")
    while True:
        text = templates.clinic(
            name, values["name"] or "", values["contact.phone"] or "",
            values["brand.primary"] or "", logo[1].relative_to(project.root).as_posix()
            if logo else None, values.get("brand.logo.alt"), values.get("contact.email"),
            values.get("contact.website"), values.get("paper") or "letter", short_name=short,
            guide=next(iter(project.guide_ids()), None))
        problems = _problems_of_clinic(project, path, text)
        footer = [p for p in problems if p.path in ("name", "short_name")
                  and "footer" in p.expected]
        if footer and ask is not None and len(footer) == len(problems):
            tell(f"{footer[0].expected}; got {footer[0].found}")
            short = answer(SHORT_NAME, ask, tell)
            continue
        if problems:
            raise UsageError(_as_options(problems, {**CLINIC, SHORT_NAME.key: SHORT_NAME}))
        break
    written = []
    if logo and not logo[1].exists():
        logo[1].parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(logo[0], logo[1])
        written.append(logo[1])
    return _write_checked(project, path, text, written, lambda ws, gid: ws.document(name, gid))


def new_guide(project: Project, gid: str, title: str, today: dt.date) -> list[Path]:
    """Write ``content/guides/<gid>.yaml``, a skeleton showing each kind of block once, and the
    example picture its figure shows (``assets/guides/<gid>/example.svg``)."""
    name_problem(gid, "ID")
    path = project.guides_dir / f"{gid}.yaml"
    _refuse_existing(project, path)
    picture = project.root / "assets" / "guides" / gid / "example.svg"
    if picture.exists() and picture.read_text(encoding="utf-8") != templates.EXAMPLE_PICTURE:
        raise UsageError(f"{project.relative(picture)} already exists; nothing was written "
                         f"(move it away, or choose another id)")
    text = templates.guide(gid, title, picture.relative_to(project.root).as_posix(), today)
    from handout.load import parse_yaml
    from handout.model import parse_guide

    try:
        parse_guide(parse_yaml(text, project.relative(path)), gid)
    except ContentError as exc:
        raise UsageError(_as_options(exc.problems, {TITLE.key: TITLE})) from None
    written = []
    if not picture.exists():
        picture.parent.mkdir(parents=True, exist_ok=True)
        picture.write_text(templates.EXAMPLE_PICTURE, encoding="utf-8")
        written.append(picture)
    clinics = project.clinic_names()
    return _write_checked(project, path, text, written,
                          lambda ws, _: [ws.document(c, gid) for c in clinics])


def _refuse_existing(project: Project, path: Path) -> None:
    if path.exists():
        raise UsageError(f"{project.relative(path)} already exists; nothing was written (edit "
                         f"it, or choose another name)")


def _logo(project: Project, name: str, given: str | None) -> tuple[Path, Path] | None:
    """(the logo file given, where it goes in the project), checked as the build checks it."""
    if not given:
        return None
    from handout import pictures

    source = Path(given).expanduser()
    if not source.is_file():
        raise UsageError(f"--logo: expected a picture file, got {given!r}, which is not a file")
    trouble = pictures.name_problem(source.name) or pictures.problem(source)
    if trouble is not None:
        raise UsageError(f"--logo: expected {trouble[0]}, got {trouble[1]}")
    target = project.root / "assets" / name / source.name.lower()
    if target.exists() and target.read_bytes() != source.read_bytes():
        raise UsageError(f"{project.relative(target)} already exists and differs from {given}; "
                         f"nothing was written")
    return source.resolve(), target


def _problems_of_clinic(project: Project, path: Path, text: str) -> list[Problem]:
    """What a build would say of the clinic file ``text`` before reading any guide: its values,
    the characters our fonts print, the footer's room."""
    from handout.build import Workshop
    from handout.load import parse_yaml
    from handout.model import parse_clinic
    from handout.printable import footer_problems, glyph_problems

    loaded = parse_yaml(text, project.relative(path))
    try:
        parsed = parse_clinic(loaded)
    except ContentError as exc:
        return exc.problems
    workshop = Workshop(project.root)
    family = workshop.fonts()
    return glyph_problems(loaded, family) + footer_problems(
        loaded, parsed.value, family, workshop.words(parsed.value.language))


def _write_checked(project: Project, path: Path, text: str, written: list[Path],
                   resolve: Callable[[Any, str], object]) -> list[Path]:
    """Write ``path`` (never over a file), then resolve it with every guide as a build would;
    a problem found in it removes it again, with ``written``."""
    from handout.build import Workshop

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        _refuse_existing(project, path)
    ours = project.relative(path)
    workshop = Workshop(project.root)
    try:
        for gid in project.guide_ids():
            try:
                resolve(workshop, gid)
            except ContentError as exc:  # problems in other files are not the new file's
                mine = [p for p in exc.problems if p.location.file == ours]
                if mine:
                    raise ContentError(mine) from None
            except HandoutError as exc:
                if str(ours) in str(exc):
                    raise
    except BaseException:
        for made in [path, *written]:
            made.unlink(missing_ok=True)
        raise
    return [path, *written]


def _as_options(problems: list[Problem], fields: dict[str, Field]) -> str:
    """The build's problems with a file not yet written, told by the options that caused them."""
    lines = []
    for p in problems:
        field = fields.get(p.path)
        where = field.option if field else f"{p.path}"
        text = f"{where}: expected {p.expected}"
        if p.found is not None:
            text += f", got {p.found}"
        if p.hint:
            text += f" ({p.hint.replace('add a short_name', 'give a --short-name')})"
        lines.append(text)
    return "\n".join(lines)


def _expected(exc: ValidationError, value: str) -> str:
    """A field's error as the build words it: ``expected …, got …``."""
    err = exc.errors(include_url=False)[0]
    kind, msg = err["type"], err["msg"]
    if kind == "value_error":
        expected, _, found = msg.removeprefix("Value error, ").partition(", got ")
        return f"expected {expected}, got {found or repr(value)}"
    if kind == "string_too_short":
        return "expected some text, got an empty value"
    if kind == "string_too_long":
        return f"expected text of at most {err['ctx']['max_length']:,} characters, got " \
               f"{len(value):,} characters"
    return f"expected {msg.removeprefix('Input should be ')}, got {value!r}"
