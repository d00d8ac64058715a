"""Which editions of one clinic an editing command (watch, preview) is about.

Takes the command's options (clinic, guide, formats, language, output folder); gives a
``plan.Request``, checked before any build: an unknown clinic or guide is an error naming the
file it looked for, as in ``handout build``.
"""

from __future__ import annotations

from pathlib import Path

from handout.errors import HandoutError, UsageError
from handout.plan import Request, Settings
from handout.project import Project


def request(root: Path, clinic: str, guide: str | None, formats: tuple[str, ...],
            lang: str | None, out: Path, settings: Settings | None = None) -> Request:
    """The request of one clinic's editions, every guide unless ``guide`` (and only the guides
    written in ``lang``, when given)."""
    project = Project.at(root)
    project.clinic_file(clinic)  # raises for an unknown clinic, with a "did you mean"
    if guide is not None:
        project.guide_file(guide)
        guides = [guide]
    else:
        guides = project.guide_ids()
    if lang is not None:
        guides = in_language(project, guides, lang)
    return Request(project.root, (clinic,), out if out.is_absolute() else Path.cwd() / out,
                   tuple(guides), formats, settings or Settings.from_environment())


def in_language(project: Project, guides: list[str], lang: str) -> list[str]:
    """The guides of ``guides`` written in ``lang`` (a guide's ``language`` key, ``en`` when it
    has none). A guide whose file cannot be read is kept: its build says what is wrong."""
    from handout.load import load_yaml

    languages: dict[str, str] = {}
    for gid in guides:
        try:
            data = load_yaml(project.guide_file(gid), project.relative(project.guide_file(gid))).data
        except HandoutError:
            languages[gid] = lang
            continue
        found = data.get("language", "en") if isinstance(data, dict) else "en"
        languages[gid] = found if isinstance(found, str) else "en"
    chosen = [gid for gid in guides if languages[gid] == lang]
    if not chosen:
        known = ", ".join(sorted(set(languages.values()))) or "none"
        raise UsageError(f"--lang {lang}: no guide chosen is written in '{lang}' (the guides "
                         f"are in: {known})")
    return chosen
