"""A paragraph in a script that needs shaping (Arabic, Persian, Khmer), as one flowable.

ReportLab's paragraphs lay out text left to right, a character at a time; these scripts need
their glyphs chosen in context and, for Arabic, their runs ordered right to left
(``handout.shaping``). ``ShapedParagraph`` breaks its text into lines at spaces, measuring each
line as shaped, and draws each line's runs in visual order: flush right for a right-to-left
paragraph, flush left otherwise.

It is one ``P`` element with its own ``/Lang`` for the tagging (``role``, ``lang``). A line of
a left-to-right script whose glyphs are reordered (Khmer writes some vowels before the consonant
they follow) is drawn inside a span whose ``/ActualText`` is the line as written, so that text
extraction returns the characters in their order; right-to-left lines get their characters
from the font's map (``handout.shaping.PRIVATE``), as readers put such lines back in order
themselves.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from handout import shaping


class ShapedParagraph(Flowable):
    def __init__(self, text: str, fonts: tuple[str, ...], size: float, leading: float,
                 colour: Color, rtl: bool, lang: str, space_after: float = 0):
        super().__init__()
        self.text, self.fonts, self.size, self.leading = text, fonts, size, leading
        self.colour, self.rtl, self.lang = colour, rtl, lang
        self.role = "P"
        self.spaceAfter = space_after
        self.laid: list[tuple[str, list[shaping.Run]]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.laid = self.lines_for(availWidth)
        self.height = self.leading * len(self.laid)
        return self.width, self.height

    def lines_for(self, width: float) -> list[tuple[str, list[shaping.Run]]]:
        lines: list[tuple[str, list[shaping.Run]]] = []
        words = self.text.split(" ")
        current: list[str] = []
        for word in words:
            trial = " ".join([*current, word])
            runs = shaping.visual_runs(trial, self.fonts, self.size, self.rtl)
            if current and shaping.width(runs) > width:
                line = " ".join(current)
                lines.append((line, shaping.visual_runs(line, self.fonts, self.size, self.rtl)))
                current = [word]
            else:
                current.append(word)
        if current:
            line = " ".join(current)
            lines.append((line, shaping.visual_runs(line, self.fonts, self.size, self.rtl)))
        return lines

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(self.colour)
        descent = (self.leading - self.size) / 2 + self.size * 0.25
        for i, (line, runs) in enumerate(self.laid):
            y = self.height - self.leading * (i + 1) + descent
            x = self.width - shaping.width(runs) if self.rtl else 0.0
            actual = not self.rtl
            if actual:  # the line as written, for text extraction (see the module's docstring)
                canvas.addLiteral(f"/Span <</ActualText <FEFF{_utf16(line + ' ')}>>> BDC")
            for run in runs:
                canvas.setFont(run.font, self.size)
                canvas.drawString(x, y, run.text)
                x += run.width
            if actual:
                canvas.addLiteral("EMC")


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()
