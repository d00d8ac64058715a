"""The PDFs a message attaches: exactly the files ``handout build`` writes, never stale ones.

Takes a project, a clinic, guide ids and formats; gives each edition's PDF as bytes. They come
through ``batch.make``, the build every command goes through (its workshop, and the build record
of the project's ``dist/`` folder, as ``handout build --clinic NAME`` uses them): an edition that
is up to date is reused, any other is built and written first, so the attachment and the file in
``dist/NAME/`` are the same bytes. ``pdfs`` is the only place the mail package asks for PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from pathlib import Path

from handout import batch
from handout.cache import Record
from handout.digest import of_bytes
from handout.errors import OutputError
from handout.plan import Request, Settings, plan
from handout.project import Project


@dataclass(frozen=True)
class Pdf:
    guide: str
    format: str
    path: Path  # the file in dist/NAME/ it was read from
    data: bytes


def dist(project: Project) -> Path:
    """Where the PDFs are built: the project's ``dist/`` folder, shared with ``handout build``."""
    return project.root / "dist"


def pdfs(project: Project, clinic: str, guides: list[str], formats: list[str]
         ) -> dict[tuple[str, str], Pdf]:
    """(guide, format) → its PDF, built or reused; raises what a build raises, sending nothing."""
    out_dir = dist(project)
    request = Request(project.root, (clinic,), out_dir, tuple(guides), tuple(formats),
                      _settings(project, clinic, guides, formats, out_dir))
    made = batch.make(request, keep_going=False)
    record = Record.load(out_dir)  # as the build left it
    out = {}
    for edition in (*made.plan.stale, *made.plan.fresh):
        path = edition.paths[0]  # the PDF, never the print edition
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise OutputError(f"cannot read {path}: {exc.strerror or exc}") from None
        entry = record.entries.get(path.relative_to(out_dir).as_posix())
        if entry is None or of_bytes(data) != entry.output:  # changed after it was built
            raise OutputError(f"{path} changed while it was being attached; run the command again")
        out[(edition.guide, edition.format)] = Pdf(edition.guide, edition.format, path, data)
    return out


def _settings(project: Project, clinic: str, guides: list[str], formats: list[str],
              out_dir: Path) -> Settings:
    """The build options to use: the booklet is made with its print edition, whose options
    (``--flip``, ``--marks``) do not change the booklet itself, so a booklet built with any of
    them is reused rather than rebuilt with the default ones (which would overwrite the print
    edition staff made). No other format depends on them."""
    default = Settings.from_environment()
    if "booklet" not in formats:
        return default
    record = Record.load(out_dir)
    for flip, marks in product(("short", "long"), (False, True)):
        settings = Settings.from_environment(flip, marks)  # type: ignore[arg-type]
        request = Request(project.root, (clinic,), out_dir, tuple(guides), ("booklet",), settings)
        if not plan(request, record).stale:
            return settings
    return default
