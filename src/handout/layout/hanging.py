"""Items with a hanging label: bullets, numbered steps and boxes to tick, and the marks they use.

A ``Hanging`` item sets its label in a narrow column at the left and its content beside it. It
is one list item for screen readers (its ``role`` is ``LI``; ``tagging.story`` reads its
``contents()``: the label, if it is text, becomes ``Lbl``, the rest ``LBody``). When an item does
not fit the rest of a page it continues on the next one, its content split where ReportLab can
split it (between paragraphs, or between a paragraph's lines) and the label printed once, at the
start; the parts draw the same structure elements, so the item still reads as one.

``TickBox`` and ``WarningSign`` are drawn marks (artifacts for screen readers, which hear the
words beside them instead).
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from handout.layout.boxes import frame_gap


class Hanging(Flowable):
    """``label`` (or nothing) in a column ``indent`` wide, ``body`` beside it. ``numbering`` tells
    a screen reader how the items of its list are marked: ``Disc`` (bullets), ``Decimal``
    (numbers) or ``None`` (boxes to tick)."""

    role = "LI"

    def __init__(self, label: Flowable | None, body: list[Flowable], indent: float,
                 after: float = 0, first: bool = True, numbering: str = "Disc"):
        super().__init__()
        self.label, self.body, self.indent = label, body, indent
        self.numbering = numbering
        self.first = first  # the part that carries the label (not a continuation)
        self.spaceAfter = after
        self._sizes: list[tuple[float, float]] = []

    def contents(self) -> list[Flowable]:
        """What the item holds, label first: for the structure tree."""
        return ([self.label] if self.label is not None else []) + self.body

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        inner = available_width - self.indent
        self._sizes = [f.wrap(inner, available_height) for f in self.body]
        height = sum(h for _, h in self._sizes) + sum(self._gaps())
        if self.label is not None:
            height = max(height, self.label.wrap(self.indent, available_height)[1])
        self.height = height
        return available_width, height

    def _gaps(self) -> list[float]:
        """Space between consecutive body flowables (the larger of after and before)."""
        return [frame_gap(a, b) for a, b in zip(self.body, self.body[1:], strict=False)]

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        inner = available_width - self.indent
        gaps = self._gaps() + [0]
        used = 0.0
        for i, f in enumerate(self.body):
            _, h = f.wrap(inner, available_height)
            if used + h <= available_height:
                used += h + gaps[i]
                continue
            parts = f.split(inner, available_height - used)
            head, tail = (parts[0], parts[1:]) if parts else (None, [f])
            kept = self.body[:i] + ([head] if head is not None else [])
            while kept and head is None and kept[-1].getKeepWithNext():
                tail = [kept.pop(), *tail]  # a step's title goes on with its text
            if not kept:
                return []  # not even a first line fits: the whole item moves on
            rest = list(tail) + self.body[i + 1:]
            return [Hanging(self.label, kept, self.indent, 0, self.first, self.numbering),
                    Hanging(None, rest, self.indent, self.spaceAfter, False, self.numbering)]
        return [self]

    def draw(self) -> None:
        top = self.height
        if self.label is not None:
            _, h = self.label.wrap(self.indent, self.height)
            self.label.drawOn(self.canv, 0, top - h)
        y = top
        gaps = self._gaps() + [0]
        for f, (_, h), gap in zip(self.body, self._sizes, gaps, strict=True):
            y -= h
            f.drawOn(self.canv, self.indent, y)
            y -= gap


class TickBox(Flowable):
    """An empty square to tick by hand, its top at the first line's cap height."""

    def __init__(self, size: float, colour: str, line: float, cap: float):
        super().__init__()
        self.size, self.colour, self.line, self.cap = size, colour, line, cap
        self.width, self.height = size, cap + (size - cap) / 2 + size * 0.15

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(HexColor(self.colour))
        c.setLineWidth(self.line)
        c.rect(self.line / 2, self.height - self.size, self.size - self.line, self.size - self.line,
               stroke=1, fill=0)
        c.restoreState()


class WarningSign(Flowable):
    """A triangle with an exclamation mark: what "urgent" looks like without colour."""

    def __init__(self, size: float, colour: str, on: str):
        super().__init__()
        self.size, self.colour, self.on = size, colour, on
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.saveState()
        c.setFillColor(HexColor(self.colour))
        path = c.beginPath()
        path.moveTo(s / 2, s * 0.98)
        path.lineTo(s * 0.02, s * 0.08)
        path.lineTo(s * 0.98, s * 0.08)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        c.setFillColor(HexColor(self.on))
        c.rect(s * 0.455, s * 0.38, s * 0.09, s * 0.36, stroke=0, fill=1)
        c.circle(s / 2, s * 0.25, s * 0.055, stroke=0, fill=1)
        c.restoreState()
