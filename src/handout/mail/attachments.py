"""The PDFs a message attaches: exactly the files ``handout build`` writes, never stale ones.

Takes a project, a clinic, guide ids and formats; gives each edition's PDF as bytes. They come
through ``batch.make``, the build every command goes through (its workshop, and a build record),
with ``handout build``'s default options, into a folder of their own (``outbox/.pdf/``): an edition
that is up to date there is reused, any other is built first, so an attachment is the bytes
``handout build --clinic NAME`` writes, never stale. Their own folder, because ``dist/`` may hold
editions staff built for a print shop (``--bleed``, ``--flip``, ``--marks``), which a patient
should not get and which must not be overwritten. ``pdfs`` is the only place the mail package
asks for PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout import batch
from handout.cache import Record
from handout.digest import of_bytes
from handout.errors import OutputError
from handout.outputs import ENGLISH
from handout.plan import Request, Settings
from handout.project import Project


@dataclass(frozen=True)
class Pdf:
    guide: str
    format: str
    path: Path  # the file it was read from
    data: bytes


def folder(project: Project) -> Path:
    """Where attachments are built: ``outbox/.pdf/NAME/<guide>.pdf`` and so on."""
    return project.root / "outbox" / ".pdf"


def pdfs(project: Project, clinic: str, guides: list[str], formats: list[str],
         language: str = ENGLISH) -> dict[tuple[str, str], Pdf]:
    """(guide, format) → its PDF in ``language``, built or reused; raises what a build raises,
    sending nothing."""
    out_dir = folder(project)
    request = Request(project.root, (clinic,), out_dir, tuple(guides), tuple(formats),
                      Settings.from_environment(), languages=(language,))
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
