"""Text in scripts that need shaping (Arabic, Persian, Khmer): glyph runs in visual order.

A line is split where its bidi level changes (the Unicode bidirectional algorithm, UAX #9, as
python-bidi implements it: numbers and Latin words inside Arabic keep their order) and where the
font that has its characters changes (a script font for the script, our text face for digits,
Latin and punctuation). Each run is shaped by HarfBuzz through ReportLab (``shapeStr``: joining
forms, ligatures, marks, Khmer's reordering; a right-to-left run comes back in visual order),
and the runs of the line are put in visual order (UAX #9 rule L2).

Shaping draws glyphs that have no character of their own (an initial form, a ligature);
ReportLab gives each a private-use code point, and the PDF's map from codes to text would say
so. ``PRIVATE`` keeps, per font, the text each such glyph stands for, from HarfBuzz's clusters,
so that ``handout.tagging.fonts`` writes the real characters into the map: copying or extracting
the text gives back the words as written.

Takes a line of text, the fonts to try in order and a size; gives runs (font, text to draw,
width) left to right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr

from handout.reportlab_private.fonts import glyph_map

#: PostScript name of a font → {private-use code point: the text its glyph stands for}. It grows
#: as text is shaped; ReportLab gives a glyph the same code point for the life of the process.
PRIVATE: dict[str, dict[int, str]] = {}

_PUA = range(0xE000, 0xF900)

#: Shaped lines kept (``visual_runs``): a 16-language notice tries about 300 in two settings;
#: enough for several settings' worth, and a bounded few megabytes however long a batch runs.
SHAPED_LINES = 2048
#: Shaped runs kept (``_shape``): a line is a few runs, most of them the same in every clinic's
#: notice (all but the phone number's).
SHAPED_RUNS = 4 * SHAPED_LINES


@dataclass(frozen=True)
class Run:
    font: str
    text: str  # as drawn: a ReportLab ShapedStr, in visual order
    width: float


def visual_runs(line: str, fonts: tuple[str, ...], size: float, rtl: bool) -> list[Run]:
    """The runs of ``line`` (logical order) left to right, shaped with the first of ``fonts``
    that has each character."""
    return list(_visual_runs(line, fonts, size, rtl))


@lru_cache(maxsize=SHAPED_LINES)
def _visual_runs(line: str, fonts: tuple[str, ...], size: float, rtl: bool) -> tuple[Run, ...]:
    """``visual_runs``, kept: the same text in the same fonts and size shapes the same, in this
    document or the next (a batch's clinics share their notice's taglines but for the phone
    number; a line is tried several times while a paragraph is broken into lines). What it
    keeps stays valid: ReportLab gives a glyph its private-use code point for the life of the
    process, and ``PRIVATE`` keeps what it stands for as long."""
    levels = _levels(line, rtl)
    pieces: list[tuple[int, str, str]] = []  # (level, font, text) in logical order
    for i, char in enumerate(line):
        font = _font_for(char, fonts, pieces[-1][1] if pieces else fonts[0])
        if pieces and pieces[-1][0] == levels[i] and pieces[-1][1] == font:
            pieces[-1] = (levels[i], font, pieces[-1][2] + char)
        else:
            pieces.append((levels[i], font, char))
    runs = [(level, _shape(text, font, size, level % 2 == 1)) for level, font, text in pieces]
    return tuple(run for _, run in _reorder(runs))


def width(runs: Sequence[Run]) -> float:
    return sum(r.width for r in runs)


#: A number written with separators — a phone number, "(303) 555-0142", "TTY: 711" — is one unit.
#: Parentheses belong to it only around an area code at its start.
_NUMBER = re.compile(r"\(\d+\)[\d\s.\-]*\d|\+?\d[\d\s.\-]*\d")  # \s: no-break spaces too


def clear() -> None:
    """Forget every shaped line and run (a cold start, as in a new process)."""
    _visual_runs.cache_clear()
    _shape.cache_clear()
    _resolved.cache_clear()


_ASCII_DIGIT = re.compile("[0-9]")


def _levels(text: str, rtl: bool) -> tuple[int, ...]:
    """The resolved bidi level of each character of ``text`` (``_resolved``). The ten ASCII
    digits are of one bidi class (European number), so a text resolves as it does with each of
    them a "0": a line that differs from another clinic's only in its phone number is resolved
    once."""
    return _resolved(_ASCII_DIGIT.sub("0", text), rtl)


@lru_cache(maxsize=SHAPED_LINES)
def _resolved(text: str, rtl: bool) -> tuple[int, ...]:
    """The resolved bidi level of each character (UAX #9, up to rule I2), with each number
    written with separators kept left to right as one unit, as if isolated (LRI … PDI).

    By UAX #9 alone, the spaces and parentheses between the digit groups of "(303) 555-0142" in
    an Arabic line resolve right to left, and the groups come out reversed: "0142-555 (303)", a
    wrong number. Publishers isolate such numbers; the taglines' text cannot carry isolates
    (python-bidi does not implement them), so the numbers' extent is found here."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = (1, "R") if rtl else (0, "L")
    uba.get_embedding_levels(text, storage, upper_is_rtl=False)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [c["level"] for c in storage["chars"]]
    if rtl:
        for number in _NUMBER.finditer(text):
            for i in range(number.start(), number.end()):
                levels[i] = 2  # left to right inside the right-to-left line
    return tuple(levels)


def _font_for(char: str, fonts: tuple[str, ...], current: str) -> str:
    if char.isspace() or unicodedata.category(char).startswith("M"):
        return current  # a space or a mark goes with the text around it
    for font in fonts:
        if ord(char) in glyph_map(font):
            return font
    return fonts[-1]  # the text face: a missing glyph shows as one, and the checks catch it


@lru_cache(maxsize=SHAPED_RUNS)
def _shape(text: str, font: str, size: float, odd: bool) -> Run:
    """One run shaped: kept, as lines are (``_visual_runs``), so that a line new to the process
    shapes only its runs that are new too."""
    if odd and not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        # neutrals resolved right to left ("(" between Arabic words): reversed and mirrored,
        # as HarfBuzz would not know to do for a run without a right-to-left letter
        from bidi.mirror import MIRRORED

        text = "".join(MIRRORED.get(c, c) for c in reversed(text))
    shaped = shapeStr(text, font, size, force=True)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:  # nothing to shape (our text face, plain digits)
        return Run(font, shaped, pdfmetrics.stringWidth(shaped, font, size))
    _remember(font, text, shaped, data)
    return Run(font, shaped, sum(d.x_advance for d in data) * size / 1000)


def _remember(font: str, text: str, shaped: str, data) -> None:
    """Note the text of each glyph ReportLab gave a private-use code point."""
    starts = sorted({d.cluster for d in data} | {len(text)})
    name = pdfmetrics.getFont(font).face.name
    name = name.decode() if isinstance(name, bytes) else name
    seen: dict[int, str] = PRIVATE.setdefault(name, {})
    for char, d in zip(shaped, data, strict=True):
        if ord(char) in _PUA and ord(char) not in seen:
            end = next(s for s in starts if s > d.cluster)
            seen[ord(char)] = text[d.cluster:end]


def _reorder(runs: list[tuple[int, Run]]) -> list[tuple[int, Run]]:
    """UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every
    sequence of runs at that level or above."""
    if not runs:
        return runs
    highest = max(level for level, _ in runs)
    odd = [level for level, _ in runs if level % 2]
    if not odd:
        return runs
    out = list(runs)
    for level in range(highest, min(odd) - 1, -1):
        i = 0
        while i < len(out):
            if out[i][0] < level:
                i += 1
                continue
            j = i
            while j < len(out) and out[j][0] >= level:
                j += 1
            out[i:j] = out[i:j][::-1]
            i = j
    return out
