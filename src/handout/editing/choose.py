"""Which editions of one clinic an editing command (watch, preview) is about.

Takes the command's options (clinic, guide, formats, languages, output folder); gives a
``plan.Request``, checked before any build: an unknown clinic or guide, or a guide without a
translation into a language asked for, is an error naming the file it looked for, as in
``handout build``. Languages mean what they mean to ``handout build --lang``: ``("es",)`` the
Spanish editions of the guides that have one, None every language each guide is in.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from handout.plan import Request, Settings, guide_languages
from handout.project import Project


def request(root: Path, clinic: str, guide: str | None, formats: tuple[str, ...],
            languages: tuple[str, ...] | None, out: Path, settings: Settings | None = None
            ) -> Request:
    """The request of one clinic's editions: every guide in ``languages`` (English by default)
    unless ``guide``."""
    project = Project.at(root)
    project.clinic_file(clinic)  # raises for an unknown clinic, with a "did you mean"
    if guide is not None:
        project.guide_file(guide)
    chosen = Request(project.root, (clinic,), out if out.is_absolute() else Path.cwd() / out,
                     (guide,) if guide else None, formats,
                     settings or Settings.from_environment(), languages=languages)
    # the guides listed, those that have the languages asked for (raises if none has): a watch
    # session keeps to them
    return replace(chosen, guides=tuple(guide_languages(project, chosen)))

