"""Stage 2, model: ``Loaded`` YAML → typed, frozen ``Guide`` and ``Clinic`` objects.

Every problem in a file is collected and raised together as one ``ContentError`` whose lines read
``content/clinics/boulder.yaml:14:3: contact.phone: expected a phone number, got 'call us'``.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from handout.errors import ContentError, Problem
from handout.load import KeyPath, Loaded

# Making the first model makes pydantic look for plugins in the entry points of every installed
# distribution (about 10 ms, on every cold start). Our models are made without them, as Typer
# makes its own: a plugin would see nothing it was installed for.
_PLUGINS = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
try:
    from handout.model import parts
    from handout.model.clinic import Clinic
    from handout.model.guide import BLOCK_KINDS, Guide
finally:
    if _PLUGINS is None:
        del os.environ["PYDANTIC_DISABLE_PLUGINS"]
    else:
        os.environ["PYDANTIC_DISABLE_PLUGINS"] = _PLUGINS

__all__ = ["Clinic", "Guide", "Parsed", "parse_clinic", "parse_guide"]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """A validated model together with the file it came from, for locating later problems."""

    value: M
    source: Loaded


def parse_guide(loaded: Loaded, expected_id: str) -> Parsed[Guide]:
    guide = _validate(loaded, Guide)
    problems = []
    if guide.id != expected_id:
        problems.append(loaded.problem(("id",), f"the id '{expected_id}' (the file's name)",
                                       repr(guide.id)))
    problems += _check_guide(guide, loaded)
    if problems:
        raise ContentError(problems)
    return Parsed(guide, loaded)


def parse_clinic(loaded: Loaded) -> Parsed[Clinic]:
    return Parsed(_validate(loaded, Clinic), loaded)


def _check_guide(guide: Guide, loaded: Loaded) -> list[Problem]:
    """Cross-references a schema cannot express: unique ids, citations of known sources."""
    problems: list[Problem] = []
    seen: dict[str, KeyPath] = {}

    def claim(block_id: str, path: KeyPath) -> None:
        if block_id in seen:
            line = loaded.where(seen[block_id]).line
            problems.append(loaded.problem(path, "an id used only once in the guide",
                                           repr(block_id), f"also used on line {line}"))
        seen[block_id] = path

    problems += cite_problems(loaded, [c for i, top in enumerate(guide.blocks)
                                       for c in parts.citations(top, ("blocks", i), True)],
                              {s.id for s in guide.sources})
    for path, block in parts.walk(guide.blocks):
        claim(block.id, path + ("id",))
        for where, inner in parts.inner_ids(block, path):
            claim(inner, where)
    return problems


def cite_problems(source: Loaded, cited, sources: set[str]) -> list[Problem]:
    """A problem for each citation in ``cited`` (key path, source id) of an unknown source."""
    return [source.problem(path, _one_of("a source id", sources),
                           # written in a text as [@id], or as an entry of a list of ids
                           f"[@{ref}]" if isinstance(path[-1], str) else repr(ref),
                           _near(ref, sources))
            for path, ref in cited if ref not in sources]


def _one_of(what: str, names: set[str]) -> str:
    return f"{what} from 'sources' ({', '.join(sorted(names))})" if names else \
        f"{what}, but the guide lists no sources"


def _near(word: str, names) -> str | None:
    close = difflib.get_close_matches(word, list(names), n=1)
    return f"did you mean '{close[0]}'?" if close else None


def _validate(loaded: Loaded, model: type[M]) -> M:
    try:
        return model.model_validate(loaded.data if loaded.data is not None else {})
    except ValidationError as exc:
        raise ContentError(_problems(loaded, exc, _vocabulary(model))) from None


def _problems(loaded: Loaded, exc: ValidationError, vocabulary: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[KeyPath, str]] = set()
    errors = exc.errors(include_url=False)
    for err in errors:
        path = _data_path(loaded.data, err["loc"])
        kind = err["type"]
        if kind == "too_short" and any(len(e["loc"]) > len(err["loc"]) and
                                       e["loc"][:len(err["loc"])] == err["loc"] for e in errors):
            continue  # a list emptied by its own invalid entries: those entries are the news
        if kind == "union_tag_invalid" or kind == "union_tag_not_found":
            tag = "op" if "op" in str(err.get("ctx", {}).get("discriminator", "")) else "kind"
            path = path + (tag,)
        key = (path, kind)
        if key in seen:
            continue
        seen.add(key)
        problems.append(_problem(loaded, path, err, vocabulary))
    problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
    return problems


def _problem(loaded: Loaded, path: KeyPath, err: Any, vocabulary: set[str]) -> Problem:
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        name = str(path[-1])
        return loaded.problem(path, "only known keys", f"unknown key '{name}'",
                              MOVED.get(path) or _near(name, vocabulary), key=True)
    if kind == "missing":
        parent = f"under '{path[-2]}:'" if len(path) > 1 and isinstance(path[-2], str) else \
            "in this entry" if len(path) > 1 else "at the top of the file"
        return Problem(loaded.where(path[:-1], key=True), _fmt(path), "this key (it is required)",
                       "nothing", f"add '{path[-1]}:' {parent}")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = err.get("ctx", {}).get("expected_tags", "")
        if "kind" in str(path[-1:]):
            found = value.get("kind") if isinstance(value, dict) else value
            return loaded.problem(path, f"a block kind: {', '.join(BLOCK_KINDS)}", _show(found),
                                  _near(str(value.get('kind', '')) if isinstance(value, dict) else '',
                                        BLOCK_KINDS))
        return loaded.problem(path, f"one of {tags}", _show(value))
    msg: str = err["msg"]
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
        expected, _, found = msg.partition(", got ")
        return loaded.problem(path, expected, found or _show(value))
    if kind.startswith("date"):
        return loaded.problem(path, "a date like 2026-11-01", _show(value))
    if kind == "too_short":
        return loaded.problem(path, "at least one entry", "none")
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length", 0)
        return loaded.problem(path, f"text of at most {limit:,} characters",
                              f"{len(str(value)):,} characters", "split it into several blocks")
    if kind == "string_too_short":
        return loaded.problem(path, "some text", "an empty value")
    if kind in ("string_type", "tuple_type", "list_type", "dict_type", "model_type", "bool_type",
                "model_attributes_type"):
        what = {"string_type": "text", "tuple_type": "a list", "list_type": "a list",
                "bool_type": "true or false"}.get(kind, "a mapping of keys and values")
        return loaded.problem(path, what, _show(value))
    return loaded.problem(path, msg.removeprefix("Input should be ").removeprefix("Value should be "),
                          _show(value))


#: Keys that moved, by their old place in a file: what to write instead.
MOVED: dict[KeyPath, str] = {
    ("overrides",): "overrides belong to one guide now: write them under 'guides:', by the "
                    "guide's id (guides: → ketamine-benefits-risks: → overrides:)",
}


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _fmt(path: KeyPath) -> str:
    from handout.load import format_path

    return format_path(path)


def _data_path(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """Map a pydantic error location onto a path in the YAML data, dropping union tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if part < len(node) else None
        elif node is None or (isinstance(node, dict) and part not in _TAGS):
            path.append(part)  # a missing or unknown key
        # otherwise a discriminator tag such as 'section' or 'append': not a key in the file
    return tuple(path)


_TAGS = set(BLOCK_KINDS) | {"replace", "append", "remove"}


def _vocabulary(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every key any model reachable from ``model`` accepts (for "did you mean" hints)."""
    import typing

    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for field in model.model_fields.values():
        stack = [field.annotation]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, BaseModel):
                names |= _vocabulary(t, seen)
            stack.extend(typing.get_args(t))
    return names
