"""Text that our fonts and pages can actually print, checked before layout.

Two things ReportLab would get silently wrong: a character that no face of our family has a glyph
for (Chinese, Arabic, emoji, control characters) prints as an empty box, and a clinic's short
name too wide for the running footer runs over the page number. Both are content mistakes, so
both are reported as ``Problem``s at the YAML value they came from.

Takes the loaded guide and clinic and the registered font family; gives problems (empty when
everything prints).
"""

from __future__ import annotations

import unicodedata

from reportlab.pdfbase import pdfmetrics

from handout.catalog import Words
from handout.errors import Problem
from handout.fonts import Family, printable
from handout.layout.formats import FORMATS
from handout.load import Loaded
from handout.model import Clinic

#: Keys whose values are file names, never printed as text.
NOT_PRINTED = frozenset({"file", "asset"})
#: Top-level sections of a file that no PDF prints (the intake email is sent, not printed).
NOT_PRINTED_SECTIONS = frozenset({"email"})

#: Characters that are layout, not ink: ReportLab breaks lines on them.
_LAYOUT = {"\n", "\t", " ", "\r"}


#: The last few sources checked, by identity and family: every clinic of a batch shares its
#: guide's source.
_checked: dict[tuple[int, Family], tuple[Loaded, tuple[Problem, ...]]] = {}


def glyph_problems(source: Loaded, family: Family) -> list[Problem]:
    """A problem for each value in ``source`` with characters ``family`` cannot show."""
    hit = _checked.get((id(source), family))
    if hit is not None and hit[0] is source:  # a loaded file never changes
        return list(hit[1])
    problems = _glyph_problems(source, family)
    if len(_checked) >= 8:
        _checked.pop(next(iter(_checked)))
    _checked[(id(source), family)] = (source, tuple(problems))
    return problems


def _glyph_problems(source: Loaded, family: Family) -> list[Problem]:
    ok = printable(family)
    problems = []
    for path, text in source.strings(NOT_PRINTED):
        if path[:1] and path[0] in NOT_PRINTED_SECTIONS:
            continue
        if all(ord(c) in ok or c in _LAYOUT for c in set(text)):
            continue  # (each distinct character once: most texts are long and all printable)
        missing = list(dict.fromkeys(c for c in text if c not in _LAYOUT and ord(c) not in ok))
        if missing:
            shown = ", ".join(_describe(c) for c in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            problems.append(source.problem(
                path, "characters our fonts can print (Latin, Greek and Cyrillic letters, "
                "digits, punctuation)", shown + more,
                "they would print as empty boxes; write them another way or leave them out"))
    return problems


def footer_problems(source: Loaded, clinic: Clinic, family: Family, words: Words
                    ) -> list[Problem]:
    """The running footer of every format prints the clinic's ``footer`` text on one line, in
    the room the format says its footer leaves for it (with ``words`` around it)."""
    for fmt in FORMATS.values():
        faces = fmt.family(family)
        need = pdfmetrics.stringWidth(fmt.footer_text(clinic), faces.regular, fmt.metrics.footer)
        if need > fmt.footer_room(fmt, faces, words):
            key = "short_name" if clinic.short_name else "name"
            hint = ("" if clinic.short_name else "add a short_name, used in the footer; ") + \
                f"it is {len(clinic.display_short)} characters long"
            return [source.problem((key,), f"a name short enough for the page footer of the "
                                   f"{fmt.name} format",
                                   repr(clinic.display_short), hint)]
    return []


def _describe(c: str) -> str:
    name = unicodedata.name(c, "")
    code = f"U+{ord(c):04X}"
    if unicodedata.category(c)[0] in "CMZ":  # controls, marks, separators: invisible on their own
        return f"{code} {name or 'a control character'}".strip()
    return f"'{c}' ({code}{' ' + name if name else ''})"
