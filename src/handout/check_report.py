"""The text ``handout check`` prints, and its exit status (the CLI only parses options).

Reading grades and the summary go to standard output; each warning and error is one
``warning: …`` or ``error: …`` line on standard error, naming file, line, column and key.
Exit status: 2 when there are errors, 1 with ``--strict`` when there are warnings, else 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from handout.check import Report, check
from handout.languages.spanish import MIN_INFLESZ
from handout.project import Project
from handout.readability import MAX_GRADE

Echo = Callable[..., None]


def run_check(root: Path, clinic: str | None, strict: bool, echo: Echo,
              today: dt.date | None = None, languages: tuple[str, ...] | None = ("en",)) -> int:
    project = Project.at(root)
    if clinic is not None and clinic not in project.clinic_names():
        project.clinic(clinic)  # raises NotFoundError, with a "did you mean"
    clinics = [clinic] if clinic else project.clinic_names()
    report = check(project, clinics, project.guide_ids(), today or dt.date.today(), languages)
    for line in render(report, strict):
        echo(line[1], err=line[0])
    if report.errors:
        return 2
    return 1 if strict and report.warnings else 0


def render(report: Report, strict: bool) -> list[tuple[bool, str]]:
    """``(to_stderr, line)`` pairs, in the order they are printed."""
    out: list[tuple[bool, str]] = [(False, f"Checked {_count(report.clinics, 'clinic')} and "
                                           f"{_count(report.guides, 'guide')}.")]
    for lang, guides in report.untranslated:
        out.append((False, f"Not translated into {lang} (English editions only): "
                           f"{', '.join(guides)}."))
    spanish = [g for g in report.grades if g.reading.spanish]
    for grades, title in (
            ([g for g in report.grades if not g.reading.spanish],
             f"Reading grade by section (Flesch–Kincaid; patient material should be "
             f"{MAX_GRADE:g} or below):"),
            (spanish, f"Reading ease of Spanish text by section (INFLESZ; higher is easier, "
                      f"patient material should be {MIN_INFLESZ:g} or above):")):
        if not grades:
            continue
        out.append((False, title))
        file = None
        for g in grades:
            if g.file != file:
                file = g.file
                out.append((False, f"  {file}"))
            limit = f"below {MIN_INFLESZ:g}" if g.reading.spanish else f"above {MAX_GRADE:g}"
            mark = f"  ({limit})" if g.reading.hard else ""
            out.append((False, f"    {g.reading.score:5.1f}  {g.name}  [{g.path}, line "
                               f"{g.location.line}]{mark}"))
    out += [(True, f"warning: {f}") for f in report.warnings]
    out += [(True, f"error: {e}") for e in report.errors]
    warnings, errors = len(report.warnings), len(report.errors)
    summary = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if errors:
        summary += "; fix the errors, then run the check again"
    elif warnings and strict:
        summary += "; --strict makes warnings fail the check"
    out.append((False, summary + "."))
    return out


def _count(names: tuple[str, ...], what: str) -> str:
    return f"{_plural(len(names), what)} ({', '.join(names)})" if names else f"no {what}s"


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"
