"""The ``handout`` command: parse options, call the pipeline, turn errors into one message.

Exit status: 0 on success, 1 when some clinics of a batch failed, 2 for content and usage errors.
Python tracebacks appear only with --debug.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from handout.errors import HandoutError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="Branded, print-ready patient handouts from YAML guide content.")

Root = Annotated[Path, typer.Option("--root", help="Project folder holding content/ and fonts/.",
                                    show_default="current folder")]
Debug = Annotated[bool, typer.Option("--debug", help="Show Python tracebacks on errors.")]


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
    guide: Annotated[str | None, typer.Option("--guide", help="Guide id; default: every guide.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder; files go to OUT/<clinic>/<guide>.pdf.")]
        = Path("dist"),
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help="Worker processes for --all.",
                                             show_default="the number of CPUs")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even the PDFs that are up to "
                                        "date.")] = False,
    root: Root = Path("."),
    debug: Debug = False,
) -> None:
    """Build the PDF handouts of one clinic (--clinic NAME) or of all clinics (--all).

    PDFs whose guide, clinic, pictures, fonts and options are unchanged since they were built
    are left as they are (--force rebuilds them).
    """
    import time

    from handout import batch
    from handout.cache import Record
    from handout.project import Project

    if bool(clinic) == all_clinics:
        typer.echo("error: give either --clinic NAME or --all", err=True)
        raise typer.Exit(2)
    try:
        start = time.perf_counter()
        project = Project.at(root)
        clinics = project.clinic_names() if all_clinics or clinic is None else [clinic]
        guides = [guide] if guide else project.guide_ids()
        out_dir = out if out.is_absolute() else Path.cwd() / out
        record = Record.load(out_dir)
        from handout.layout.formats import FORMATS

        plan = batch.plan(project, clinics, guides, FORMATS, out_dir, record, batch.options(),
                          force)
        if not all_clinics:
            result = batch.run(project, plan, record, jobs=1, keep_going=False)
            for outcome in result.outcomes:
                for made in outcome.made:
                    typer.echo(f"wrote {_shown(made.edition.path)} ({made.size / 1024:.0f} KiB)")
            for edition in plan.fresh:
                typer.echo(f"up to date: {_shown(edition.path)}")
            return
        from handout import report

        with report.Bar(len(plan.by_clinic())) as bar:
            result = batch.run(project, plan, record, jobs or batch.default_jobs(), bar.done)
        report.show(report.summary(plan, result, out_dir, time.perf_counter() - start))
        for failed in result.failures:
            typer.echo(f"error: {failed.clinic}: {failed.error}", err=True)
        if result.failures:
            typer.echo(f"{len(result.failures)} of {len(clinics)} clinics failed", err=True)
            raise typer.Exit(1)
    except HandoutError as exc:
        _fail(exc, debug)


@app.command()
def serve(
    root: Root = Path("."),
    idle: Annotated[float, typer.Option("--idle", min=1, help="Stop after this many seconds "
                                        "without a build.")] = 900,
) -> None:
    """Keep a warm process for `handout build` to use: each build then starts in milliseconds.

    Builds run in a fresh fork of this process, with their own folder, options and output, and
    write the same files as without it. Stop it with Ctrl-C.
    """
    from handout import serve as server

    server.run(root, idle, ready=lambda path: typer.echo(
        f"handout serve: listening on {path}; stops after {idle:g} s without a build", err=True))


@app.command("list")
def list_(root: Root = Path("."), debug: Debug = False) -> None:
    """List the clinics and guides of the project."""
    from handout.project import Project

    try:
        project = Project.at(root)
    except HandoutError as exc:
        _fail(exc, debug)
        return
    typer.echo("Clinics:")
    for name in project.clinic_names():
        typer.echo(f"  {name}")
    typer.echo("Guides:")
    for gid in project.guide_ids():
        typer.echo(f"  {gid}")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted; files already written are complete, nothing is half-written",
                   err=True)
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so plainly; --debug shows the traceback
        if "--debug" in sys.argv:
            raise
        typer.echo(f"error: internal error ({type(exc).__name__}: {exc}); nothing was written. "
                   f"Run again with --debug and report the output.", err=True)
        sys.exit(3)
