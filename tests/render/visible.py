"""What a sighted reader sees, read back independently: every line of text on every page, where
it is, and the marked content each of its characters was drawn in.

pdfminer.six interprets the pages (forms included: text in a form drawn inside a marked-content
sequence belongs to that sequence) and reports each character with its position; a device of
ours follows the marked-content operators around it. Characters on one baseline make a line,
split where a gap wider than two ems separates them (a footer's page label and clinic name are
two lines). Nothing here uses the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

#: Where a character was drawn: (page, MCID) of its innermost sequence with an MCID, or
#: ``ARTIFACT`` inside an ``/Artifact`` sequence, or ``None`` outside any marked content.
Mark = tuple[int, int] | str | None
ARTIFACT = "artifact"


@dataclass(frozen=True)
class Char:
    page: int  # 0-based
    x0: float
    x1: float
    baseline: float
    size: float
    text: str
    mark: Mark
    #: the /ActualText of the sequence it was drawn in, if any, and that sequence's number:
    #: readers that honour it (poppler, screen readers) read that text instead, once
    actual: tuple[int, str] | None = None


@dataclass(frozen=True)
class Line:
    page: int
    x: float
    baseline: float
    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        return " ".join("".join(c.text for c in self.chars).split())

    def marks(self) -> set[Mark]:
        """The marks of the line's visible characters (spaces left out)."""
        return {c.mark for c in self.chars if c.text.strip()}

    def __str__(self) -> str:
        return f"page {self.page + 1} at ({self.x:.0f}, {self.baseline:.0f}): {self.text!r}"


class _Device(PDFPageAggregator):
    def __init__(self, resources: PDFResourceManager):
        super().__init__(resources, laparams=None)
        self.stack: list[tuple[str, int | None]] = []
        self.page_no = 0
        self.chars: list[Char] = []
        self.actual: list[tuple[int, str] | None] = []  # per open sequence
        self.sequences = 0

    def begin_tag(self, tag, props=None) -> None:
        mcid = props.get("MCID") if isinstance(props, dict) else None
        self.stack.append((tag.name, None if mcid is None else int(mcid)))
        actual = props.get("ActualText") if isinstance(props, dict) else None
        self.sequences += 1
        outer = next((a for a in reversed(self.actual) if a is not None), None)
        self.actual.append(outer or (None if actual is None else (self.sequences, _decode(actual))))

    def end_tag(self) -> None:
        if self.stack:
            self.stack.pop()
            self.actual.pop()

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        char = self.cur_item._objs[-1]
        assert isinstance(char, LTChar)
        mark: Mark = None
        for tag, mcid in reversed(self.stack):
            if mcid is not None:
                mark = (self.page_no, mcid)
                break
            if tag == "Artifact":
                mark = ARTIFACT
                break
        baseline = round(char.matrix[5], 1)  # the glyph's origin
        actual = next((a for a in reversed(self.actual) if a is not None), None)
        self.chars.append(Char(self.page_no, char.x0, char.x1, baseline, char.size,
                               char.get_text(), mark, actual))
        return advance


def _decode(value: bytes | str) -> str:
    """A PDF text string: UTF-16 with its byte order mark, or PDFDocEncoding (Latin-1 here)."""
    if isinstance(value, str):
        return value
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be")
    return value.decode("latin-1")


@lru_cache(maxsize=64)  # every reading edition a session reads
def characters(path: Path) -> tuple[Char, ...]:
    """Every character drawn on the PDF's pages, in drawing order (read once per path)."""
    resources = PDFResourceManager()
    device = _Device(resources)
    interpreter = PDFPageInterpreter(resources, device)
    with path.open("rb") as f:
        for number, page in enumerate(PDFPage.get_pages(f)):
            device.page_no = number
            device.stack, device.actual = [], []
            interpreter.process_page(page)
    return tuple(device.chars)


def lines(path: Path) -> list[Line]:
    """Every line of text, page by page, top to bottom and left to right."""
    by_row: dict[tuple[int, float], list[Char]] = {}
    for char in characters(path):
        by_row.setdefault((char.page, char.baseline), []).append(char)
    found: list[Line] = []
    for (page, baseline), chars in sorted(by_row.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        chars.sort(key=lambda c: c.x0)
        run: list[Char] = [chars[0]]
        for char in chars[1:]:
            if char.x0 - run[-1].x1 > 2 * max(char.size, run[-1].size):
                found.append(Line(page, run[0].x0, baseline, tuple(run)))
                run = []
            run.append(char)
        found.append(Line(page, run[0].x0, baseline, tuple(run)))
    return found
