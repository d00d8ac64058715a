"""The ``handout`` command: parse options, call the pipeline, turn errors into one message.

Exit status: 0 on success, 1 when some clinics of a batch failed, 2 for content and usage errors.
Python tracebacks appear only with --debug.
"""

from __future__ import annotations

import copy
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from handout import interrupts
from handout.errors import HandoutError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="Branded, print-ready patient handouts from YAML guide content.")

Root = Annotated[Path, typer.Option("--root", help="Project folder holding content/ and fonts/.",
                                    show_default="current folder")]
Debug = Annotated[bool, typer.Option("--debug", help="Show Python tracebacks on errors.")]
Lang = Annotated[str, typer.Option(
    "--lang", help="Language of the editions: en, a translation's language such as es "
    "(content/guides/<guide>.es.yaml), or all (English and every translation).")]


def _version(value: bool) -> None:
    if value:
        import platform
        from importlib.metadata import PackageNotFoundError, version

        from handout import __version__

        try:
            reportlab = version("reportlab")
        except PackageNotFoundError:  # ReportLab imported from a folder, not installed
            reportlab = "unknown"
        typer.echo(f"handout {__version__} (ReportLab {reportlab}, Python "
                   f"{platform.python_version()})")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Branded, print-ready patient handouts from YAML guide content."""


class FormatName(str, Enum):
    handout = "handout"
    booklet = "booklet"
    large_print = "large-print"
    all = "all"


#: The options build, watch and preview share, written once
GuideOption = Annotated[str | None, typer.Option("--guide", help="Guide id; default: every guide.")]
FormatOption = Annotated[FormatName, typer.Option(
    "--format", help="handout, booklet (with its print edition), large-print, or all.")]


class FlipEdge(str, Enum):
    short = "short"
    long = "long"


def _fail(error: Exception, debug: bool) -> None:
    if debug:
        raise error
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(2)


@app.command()
def build(
    clinic: Annotated[str | None, typer.Option("--clinic", help="Clinic to build (a file "
                                                  "name in content/clinics/, without .yaml).")] = None,
    all_clinics: Annotated[bool, typer.Option("--all", help="Build every clinic.")] = False,
    guide: GuideOption = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder; files go to OUT/<clinic>/<guide>.pdf.")]
        = Path("dist"),
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help="Worker processes for --all.",
                                             show_default="the number of CPUs")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even the PDFs that are up to "
                                        "date.")] = False,
    root: Root = Path("."),
    format: FormatOption = FormatName.all,
    flip: Annotated[FlipEdge, typer.Option(
        "--flip", help="Duplex edge of the booklet's print edition: short, or long (back sides "
        "turned 180°).")] = FlipEdge.short,
    marks: Annotated[bool, typer.Option(
        "--marks", help="Fold and trim marks on the booklet's print edition.")] = False,
    bleed: Annotated[bool, typer.Option(
        "--bleed", help="For a print shop: the handout and booklet with 1/8 in (3 mm) bleed, "
        "trim and bleed boxes, and crop marks on the booklet's sheets.")] = False,
    lang: Lang = "en",
    shard: Annotated[str | None, typer.Option(
        "--shard", metavar="K/N", help="Build only share K of N (1 ≤ K ≤ N) of the clinic × "
        "guide × language × format editions, for spreading a build over N machines.")] = None,
    debug: Debug = False,
) -> None:
    """Build the PDF editions of one clinic (--clinic NAME) or of all clinics (--all).

    PDFs whose guide, clinic, pictures, fonts and options are unchanged since they were built
    are left as they are (--force rebuilds them).
    """
    if bool(clinic) == all_clinics:  # refused before anything of the build is loaded
        typer.echo("error: give either --clinic NAME or --all", err=True)
        raise typer.Exit(2)
    import time

    from handout import batch
    from handout.plan import Request, Settings, Shard

    try:
        start = time.perf_counter()
        request = Request(
            root=root, clinics=None if all_clinics or clinic is None else (clinic,),
            out_dir=out if out.is_absolute() else Path.cwd() / out,
            guides=(guide,) if guide else None,
            formats=_formats(format), force=force, languages=_languages(lang),
            settings=Settings.from_environment(flip.value, marks, bleed),  # type: ignore[arg-type]
            shard=None if shard is None else Shard.parse(shard))
        if not all_clinics:
            result = batch.make(request, keep_going=False)
            for outcome in result.outcomes:
                for made in outcome.made:
                    typer.echo(f"wrote {_shown(made.path)} ({made.size / 1024:.0f} KiB)")
            for edition in result.fresh:
                for path in edition.paths:
                    typer.echo(f"up to date: {_shown(path)}")
            return
        from handout import report

        with report.Bar() as bar:
            result = batch.make(request, jobs or batch.default_jobs(), bar.done,
                                on_plan=bar.planned)
        report.show(report.summary(result, request.out_dir, time.perf_counter() - start))
        for failed in result.failures:
            typer.echo(f"error: {failed.clinic}: {failed.error}", err=True)
        if result.failures:
            typer.echo(f"{len(result.failures)} of {len(result.plan.clinics)} clinics failed",
                       err=True)
            raise typer.Exit(1)
    except HandoutError as exc:
        _fail(exc, debug)


def _formats(name: FormatName) -> tuple[str, ...]:
    from handout.outputs import FILES

    return tuple(FILES) if name is FormatName.all else (name.value,)


def _languages(lang: str) -> tuple[str, ...] | None:
    """``--lang``: one language, or None for every language each guide is in."""
    import re

    from handout.errors import UsageError

    if lang == "all":
        return None
    if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", lang):
        raise UsageError(f"--lang: expected a language code such as en or es, or all; "
                         f"got {lang!r}")
    return (lang,)


@app.command()
def check(
    clinic: Annotated[str | None, typer.Option("--clinic", help="Check one clinic with every "
                                                  "guide.")] = None,
    all_clinics: Annotated[bool, typer.Option("--all", help="Check every clinic (the default).")]
        = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    lang: Lang = "en",
    root: Root = Path("."),
    debug: Debug = False,
) -> None:
    """Validate content without building, and report what a reviewer should look at.

    With --lang es (or all), also the translations into Spanish and each clinic's Spanish
    text."""
    from handout.check_report import run_check

    if clinic and all_clinics:
        typer.echo("error: give either --clinic NAME or --all, not both", err=True)
        raise typer.Exit(2)
    try:
        status = run_check(root, clinic, strict, typer.echo, languages=_languages(lang))
    except HandoutError as exc:
        _fail(exc, debug)
        return
    raise typer.Exit(status)


@app.command()
def schema(
    check_only: Annotated[bool, typer.Option("--check", help="Only say whether schema/ is up to "
                                             "date (exit 1 if not).")] = False,
    root: Root = Path("."),
) -> None:
    """Write the JSON Schemas of guides and clinics to schema/, for editors."""
    from handout import schema as schemas

    folder = root / "schema"
    if check_only:
        stale = schemas.stale(folder)
        for name in stale:
            typer.echo(f"schema/{name} is out of date; run: handout schema", err=True)
        raise typer.Exit(1 if stale else 0)
    for path in schemas.write(folder):
        typer.echo(f"wrote {_shown(path)}")


@app.command()
def serve(
    root: Root = Path("."),
    idle: Annotated[float, typer.Option("--idle", min=1, help="Stop after this many seconds "
                                        "without a build.")] = 900,
) -> None:
    """Keep a warm process for `handout build` to use: each build then starts in milliseconds.

    Builds run in a fresh fork of this process, with their own folder, options and output, and
    write the same files as without it. Stop it with Ctrl-C. Linux and macOS only: elsewhere
    builds run by themselves.
    """
    from handout import serve_protocol

    if not serve_protocol.supported():  # Windows, for one: say so before loading anything
        typer.echo(f"error: {serve_protocol.UNSUPPORTED}", err=True)
        raise typer.Exit(2)
    from handout import serve as server

    try:
        server.run(root, idle, command=main, ready=lambda path: typer.echo(
            f"handout serve: listening on {path}; stops after {idle:g} s without a build",
            err=True))
    except HandoutError as exc:
        _fail(exc, False)


@app.command()
def email(
    clinic: Annotated[str, typer.Option("--clinic", help="The clinic whose message and handouts "
                                        "to send.")],
    to: Annotated[str | None, typer.Option("--to", help='One patient: "Pat Doe <pat@example.org>".'
                                           )] = None,
    batch_file: Annotated[Path | None, typer.Option(
        "--batch", help="A CSV file with the columns email and name (optional: guides, format, "
        "language): one message per row.")] = None,
    guide: Annotated[list[str] | None, typer.Option(
        "--guide", help="Attach this guide (repeat for more).",
        show_default="the clinic's email.guides, or every guide")] = None,
    format: Annotated[list[str] | None, typer.Option(
        "--format", help="handout, booklet or large-print (repeat for more).",
        show_default="the clinic's email.formats, or handout")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write the message to this .eml file.",
        show_default="a new file in outbox/NAME/")] = None,
    send: Annotated[bool, typer.Option("--send", help="Send through the clinic's SMTP server "
                                       "instead of writing an .eml file.")] = False,
    resend: Annotated[bool, typer.Option("--resend", help="Send even a message that the record "
                                         "says was sent.")] = False,
    lang: Annotated[str, typer.Option(
        "--lang", help="The message's language and its attachments' (en, es …); in a batch, "
        "for rows whose language column is empty.")] = "en",
    root: Root = Path("."),
    debug: Debug = False,
) -> None:
    """Email a patient the clinic's handouts (--to), or every patient of a list (--batch).

    Without --send, writes each message as an .eml file to review in a mail program. With
    --send, sends through the clinic's SMTP server (email.smtp, HANDOUT_SMTP_* variables; the
    password only from the environment) and records it in outbox/NAME/sent.jsonl: the same
    message is not sent twice unless --resend.
    """
    import os

    from handout.mail import run

    options = run.Options(clinic, root, to, batch_file, tuple(guide or ()), tuple(format or ()),
                          out, send, resend, lang)
    try:
        if batch_file is None:
            result = run.email(options, os.environ, typer.echo, lambda m: typer.echo(m, err=True))
        else:
            from handout.mail import report

            with report.Bar() as bar:
                result = run.email(options, os.environ, typer.echo,
                                   lambda m: typer.echo(m, err=True), bar.start)
            report.show(report.summary(result.results, f"handout email --clinic {clinic} "
                                       f"--batch {batch_file}" + (" --send" if send else "")))
            for failed in result.results:
                if failed.status == "not sent":
                    typer.echo(f"error: {batch_file}:{failed.line}: {failed.to}: not sent: "
                               f"{failed.detail}", err=True)
    except HandoutError as exc:
        _fail(exc, debug)
        return
    raise typer.Exit(result.status)


@app.command()
def watch(
    clinic: Annotated[str, typer.Option("--clinic", help="Clinic to build (a file name in "
                                        "content/clinics/, without .yaml).")],
    guide: GuideOption = None,
    format: FormatOption = FormatName.all,
    lang: Lang = "en",
    out: Annotated[Path, typer.Option("--out", help="Output folder; files go to "
                                      "OUT/<clinic>/<guide>.pdf.")] = Path("dist"),
    open_pdf: Annotated[bool, typer.Option("--open", help="Open the PDF once in the system's "
                                           "viewer.")] = False,
    root: Root = Path("."),
    debug: Debug = False,
) -> None:
    """Build one clinic's PDFs, then rebuild them each time a file they use is saved.

    Watches the clinic file, the guides, their pictures and the fonts; only the PDFs an edit
    changes are rebuilt. A mistake is printed and the last good PDF kept. Ctrl-C stops.
    """
    from handout.editing import choose
    from handout.editing.watch import Pass, Watch

    try:
        watcher = Watch(choose.request(root, clinic, guide, _formats(format), _languages(lang),
                                       out), debug)
    except HandoutError as exc:
        _fail(exc, debug)
        return
    opened = False

    def report(done: Pass) -> None:
        nonlocal opened
        if done.error is not None:
            typer.echo(f"error: {done.error}", err=True)
        typer.echo(done.line())
        if open_pdf and not opened and done.error is None and watcher.first_pdf().is_file():
            opened = True
            if typer.launch(str(watcher.first_pdf())) != 0:
                typer.echo(f"could not open a PDF viewer; open {_shown(watcher.first_pdf())} "
                           f"yourself", err=True)

    def ready(w: Watch) -> None:
        typer.echo(f"watching {len(w.inputs())} files for {clinic}, PDFs in "
                   f"{_shown(w.request.out_dir / clinic)}; press Ctrl-C to stop")

    try:
        watcher.run(report, ready=ready)
    except KeyboardInterrupt:
        typer.echo("stopped watching; the PDFs written are complete")


@app.command()
def preview(
    clinic: Annotated[str, typer.Option("--clinic", help="Clinic to preview (a file name in "
                                        "content/clinics/, without .yaml).")],
    guide: GuideOption = None,
    format: FormatOption = FormatName.all,
    lang: Lang = "en",
    out: Annotated[Path, typer.Option("--out", help="Output folder; pictures go to "
                                      "OUT/<clinic>/preview/.")] = Path("dist"),
    dpi: Annotated[int, typer.Option("--dpi", min=20, max=600, help="Resolution of the page "
                                     "pictures, in pixels an inch.")] = 110,
    root: Root = Path("."),
    debug: Debug = False,
) -> None:
    """Build one clinic's PDFs (if out of date) and render every page to PNG, with a contact
    sheet of each edition, for a quick look or a review."""
    from handout.editing import choose
    from handout.editing import preview as previews

    try:
        request = choose.request(root, clinic, guide, _formats(format), _languages(lang), out)
        result, done = previews.make(request, dpi)
    except HandoutError as exc:
        _fail(exc, debug)
        return
    for outcome in result.outcomes:
        for made in outcome.made:
            typer.echo(f"wrote {_shown(made.path)} ({made.size / 1024:.0f} KiB)")
    for shown in done:
        typer.echo(f"wrote {_shown(shown.sheet)} and {len(shown.pages)} pages in "
                   f"{_shown(shown.pages[0].parent)}/")


new_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                      help="Start a clinic file, a guide or a whole project, ready to build.")
app.add_typer(new_app, name="new")


def _ask():
    """Questions on a terminal; None when there is none to ask on (a script, CI)."""
    if not sys.stdin.isatty():
        return None
    return lambda field: typer.prompt(field.question, default=field.default or "",
                                      show_default=bool(field.default))


def _tell(message: str) -> None:
    typer.echo(f"  expected {message}" if not message.startswith("expected") else f"  {message}",
               err=True)


@new_app.command("clinic")
def new_clinic(
    name: Annotated[str, typer.Argument(help="The clinic's file name: lowercase letters, digits "
                                        "and hyphens (content/clinics/NAME.yaml).")],
    display_name: Annotated[str | None, typer.Option("--name", help="The clinic's name, as "
                                                     "patients know it.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Main phone number.")] = None,
    colour: Annotated[str | None, typer.Option("--colour", help="Brand colour, #RRGGBB.")] = None,
    logo: Annotated[str | None, typer.Option("--logo", help="Logo file (PNG, JPEG, WebP or SVG), "
                                             "copied into assets/NAME/.")] = None,
    logo_alt: Annotated[str | None, typer.Option("--logo-alt", help="What the logo shows, for "
                                                 "screen readers.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Email address.")] = None,
    website: Annotated[str | None, typer.Option("--website", help="Web site (https://…).")]
        = None,
    paper: Annotated[str | None, typer.Option("--paper", help="letter or a4.",
                                              show_default="letter")] = None,
    short_name: Annotated[str | None, typer.Option("--short-name", help="A shorter name for "
                                                   "the page footer.")] = None,
    root: Root = Path("."),
    debug: Debug = False,
) -> None:
    """Write content/clinics/NAME.yaml: a commented clinic file that builds at once.

    Values not given are asked for on a terminal; without one, missing required values are an
    error. An existing file is never overwritten.
    """
    from handout.editing import scaffold
    from handout.project import Project

    try:
        project = Project.at(root)
        ask = _ask()
        values = scaffold.gather(scaffold.CLINIC, {
            "name": display_name, "contact.phone": phone, "brand.primary": colour,
            "brand.logo.file": logo, "brand.logo.alt": logo_alt, "contact.email": email,
            "contact.website": website, "paper": paper}, ask, _tell)
        if short_name is not None:
            values["short_name"] = scaffold.SHORT_NAME.check(short_name)
        written = scaffold.new_clinic(project, name, values, ask, _tell)
    except HandoutError as exc:
        _fail(exc, debug)
        return
    for path in written:
        typer.echo(f"wrote {_shown(path)}")
    typer.echo(f"next: handout watch --clinic {name}   (builds it, and again on each save)")


@new_app.command("guide")
def new_guide(
    guide_id: Annotated[str, typer.Argument(metavar="ID", help="The guide's id: lowercase "
                                            "letters, digits and hyphens "
                                            "(content/guides/ID.yaml).")],
    title: Annotated[str | None, typer.Option("--title", help="The guide's title.")] = None,
    root: Root = Path("."),
    debug: Debug = False,
) -> None:
    """Write content/guides/ID.yaml: a guide skeleton showing each kind of block once, which
    builds and passes `handout check`. An existing file is never overwritten."""
    import datetime as dt

    from handout.editing import scaffold
    from handout.project import Project

    try:
        project = Project.at(root)
        values = scaffold.gather({"title": scaffold.TITLE}, {"title": title}, _ask(), _tell)
        written = scaffold.new_guide(project, guide_id, values["title"] or "", dt.date.today())
    except HandoutError as exc:
        _fail(exc, debug)
        return
    for path in written:
        typer.echo(f"wrote {_shown(path)}")
    typer.echo(f"next: handout check, then handout watch --clinic NAME --guide {guide_id}")


@new_app.command("project")
def new_project(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A new or empty folder.")],
    debug: Debug = False,
) -> None:
    """Start a clinic network's own content repository in DIR: content/ with an example clinic
    and the shipped guides, fonts/ with their licence, assets/, schema/, a .gitignore and a
    README."""
    from handout.editing import starter

    try:
        written = starter.new_project(folder)
    except HandoutError as exc:
        _fail(exc, debug)
        return
    typer.echo(f"wrote {len(written)} files into {_shown(folder)}/")
    typer.echo(f"next: cd {_shown(folder)} && handout new clinic NAME")


@app.command("list")
def list_(
    guide: Annotated[str | None, typer.Option("--guide", help="Show only this guide's blocks.")]
        = None,
    root: Root = Path("."),
    debug: Debug = False,
) -> None:
    """List the clinics and guides of the project, and each guide's blocks as a tree: id,
    kind and first words (the ids a clinic's overrides name)."""
    from handout.editing.outline import outline, render
    from handout.project import Project

    try:
        project = Project.at(root)
        if guide is not None:
            project.guide_file(guide)
    except HandoutError as exc:
        _fail(exc, debug)
        return
    if guide is None:
        typer.echo("Clinics:")
        for name in project.clinic_names():
            typer.echo(f"  {name}")
        typer.echo("Guides:")
    failed = False
    for gid in [guide] if guide else project.guide_ids():
        try:
            parsed = project.guide(gid).value
        except HandoutError as exc:
            typer.echo(f"  {gid}  (not listed: it has mistakes)")
            typer.echo(f"error: {exc}", err=True)
            failed = True
            continue
        typer.echo(f"  {gid}  {parsed.title}")
        for line in render(outline(parsed), "  "):
            typer.echo(f"  {line}")
    if failed:
        raise typer.Exit(2)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def invoked(argv: list[str]) -> typer.Typer:
    """``app`` with only the command ``argv`` runs, if it names one of ours and asks no help.

    Typer turns every command into a click command before it parses a word (about 15 ms for
    all of them, on every cold start); the command typed is all a run needs, and it parses,
    runs and fails the same either way. Help, and anything but a command of ours first, goes
    to the whole ``app`` (which lists the commands, or says that there is no such command).
    """
    if not argv or "--help" in argv:
        return app
    commands = [c for c in app.registered_commands if c.callback and argv[0] == (
        c.name or typer.main.get_command_name(c.callback.__name__))]
    groups = [g for g in app.registered_groups if g.name == argv[0]]
    if not commands and not groups:
        return app
    one = copy.copy(app)  # the same settings and callback (--version), one command
    one.registered_commands, one.registered_groups = commands, groups
    return one


def main() -> None:
    try:
        invoked(sys.argv[1:])()
    except KeyboardInterrupt:
        typer.echo(interrupts.MESSAGE, err=True)
        sys.exit(interrupts.STATUS)
    except SystemExit as exc:
        if exc.code == interrupts.STATUS:  # Typer turns Ctrl-C in a command into a silent exit
            typer.echo(interrupts.MESSAGE, err=True)
        raise
    except Exception as exc:  # a bug of ours: say so plainly; --debug shows the traceback
        if interrupts.received():  # unless Ctrl-C came and a library's bare except mangled it
            typer.echo(interrupts.MESSAGE, err=True)
            sys.exit(interrupts.STATUS)
        if "--debug" in sys.argv:
            raise
        typer.echo(f"error: internal error ({type(exc).__name__}: {exc}); nothing was written. "
                   f"Run again with --debug and report the output.", err=True)
        sys.exit(3)
