"""A paragraph in a script that needs shaping (Arabic, Persian, Khmer), as one flowable.

ReportLab's paragraphs lay out text left to right, a character at a time; these scripts need
their glyphs chosen in context and, for Arabic, their runs ordered right to left
(``handout.shaping``). ``ShapedParagraph`` breaks its text into lines at spaces, measuring each
line as shaped, and draws each line's runs in visual order: flush right for a right-to-left
paragraph, flush left otherwise. A ``label`` (a notice's name of the language) leads its first
line, at the side where the line begins, in a colour of its own.

It is one ``P`` element with its own ``/Lang`` for the tagging (``role``, ``lang``). Its glyphs
are not drawn in reading order: a right-to-left line's runs are drawn in visual order, and Khmer
writes some vowels before the consonant they follow. So a right-to-left paragraph's element
carries its text as written (``actual_text``: the label, then the text, in logical order) as its
``/ActualText``, which screen readers read instead of the glyphs; each line of a left-to-right
one is drawn inside a span whose ``/ActualText`` is the line as written. (Not a span per
right-to-left line: poppler takes a span's text as drawn left to right and reverses it, while
it orders the glyphs of a right-to-left line itself, through the font's map
``handout.shaping.PRIVATE``, so that ``pdftotext`` and copying give the text as written.)
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from handout import shaping
from handout.tagging.broken import text_value


class ShapedParagraph(Flowable):
    def __init__(self, text: str, fonts: tuple[str, ...], size: float, leading: float,
                 colour: Color, rtl: bool, lang: str, space_after: float = 0,
                 label: str = "", label_colour: Color | None = None):
        super().__init__()
        self.text, self.fonts, self.size, self.leading = text, fonts, size, leading
        self.colour, self.rtl, self.lang = colour, rtl, lang
        self.label, self.label_colour = label, label_colour or colour
        self.role = "P"
        self.spaceAfter = space_after
        self.laid: list[tuple[str, list[shaping.Run]]] = []
        self._lines: dict[float, list[tuple[str, list[shaping.Run]]]] = {}  # by width
        self.label_runs = (shaping.visual_runs(label, fonts, size, rtl) if label else [])
        #: the element's text in reading order, where the glyphs' order is not that
        self.actual_text = f"{label} {text}" if rtl and label else text if rtl else None

    @property
    def label_room(self) -> float:
        """What the label and the space after it take of the first line."""
        return shaping.width(self.label_runs) + self.size * 0.5 if self.label else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.laid = self.lines_for(availWidth)
        self.height = self.leading * len(self.laid)
        return self.width, self.height

    def lines_for(self, width: float) -> list[tuple[str, list[shaping.Run]]]:
        """The lines at ``width``, each with its runs. ReportLab wraps a paragraph more than
        once at the same width (to see whether it fits, then to place it): the lines, whose
        shaping is most of a notice's cost, are found once per width."""
        if width not in self._lines:
            self._lines[width] = self._break(width)
        return self._lines[width]

    def _break(self, width: float) -> list[tuple[str, list[shaping.Run]]]:
        """Greedy lines: each takes as many words as fit shaped whole (at least one)."""
        words = self.text.split(" ")
        lines: list[tuple[str, list[shaping.Run]]] = []
        start = 0
        while start < len(words):
            room = width - (self.label_room if not lines else 0.0)
            count = self._fit(words, start, room)
            line = " ".join(words[start:start + count])
            lines.append((line, self._shaped(line)))
            start += count
        return lines

    def _fit(self, words: list[str], start: int, room: float) -> int:
        """How many of ``words`` from ``start`` the line takes: the most whose line, shaped
        whole, fits ``room``, and at least one. The words' own widths and the spaces' give a
        first guess, which shaping the line confirms or corrects a word at a time: about two
        shapings a line instead of one per word."""
        space = shaping.width(self._shaped(" "))
        count, used = 0, -space
        for word in words[start:]:
            used += space + shaping.width(self._shaped(word))
            if count and used > room:
                break
            count += 1
        fits = self._fits
        if fits(words, start, count, room):
            while start + count < len(words) and fits(words, start, count + 1, room):
                count += 1
        else:
            while count > 1 and not fits(words, start, count, room):
                count -= 1
        return count

    def _fits(self, words: list[str], start: int, count: int, room: float) -> bool:
        return shaping.width(self._shaped(" ".join(words[start:start + count]))) <= room

    def _shaped(self, text: str) -> list[shaping.Run]:
        return shaping.visual_runs(text, self.fonts, self.size, self.rtl)

    def draw(self) -> None:
        canvas = self.canv
        descent = (self.leading - self.size) / 2 + self.size * 0.25
        for i, (line, runs) in enumerate(self.laid):
            y = self.height - self.leading * (i + 1) + descent
            written = f"{self.label} {line}" if i == 0 and self.label else line
            if not self.rtl:  # the line as written (see the module's docstring)
                canvas.addLiteral(f"/Span <</ActualText {text_value(written + ' ')}>> BDC")
            label = self.label_runs if i == 0 else []
            if self.rtl:  # the label at the right, where the line begins; the text to its left
                x = self.width - shaping.width(label)
                self._runs(label, x, y, self.label_colour)
                end = x - (self.label_room - shaping.width(label) if label else 0.0)
                self._runs(runs, end - shaping.width(runs), y, self.colour)
            else:
                self._runs(label, 0.0, y, self.label_colour)
                self._runs(runs, self.label_room if label else 0.0, y, self.colour)
                canvas.addLiteral("EMC")

    def _runs(self, runs: list[shaping.Run], x: float, y: float, colour: Color) -> None:
        canvas = self.canv
        canvas.setFillColor(colour)
        for run in runs:
            canvas.setFont(run.font, self.size)
            canvas.drawString(x, y, run.text)
            x += run.width
