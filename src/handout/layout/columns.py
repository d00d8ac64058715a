"""Columns: flowables side by side, in rows, where a layout needs no table's structure.

Takes rows of cells (each a flowable or a list of flowables stacked in it), the columns' widths
(``None``: an equal share of what the others leave), the room around each cell's content (one
``Padding`` for every cell or one per row), how content sits in a row taller than it (``TOP``
or ``MIDDLE``), rules across the whole width above the first row and below the last, and where
the flowable stands in a wider frame (``h_align``); gives a flowable. The masthead, a callout's
warning sign beside its word, and the clinic panel's contact rows, QR code and addresses are
laid out with it.

Our builders used ReportLab ``Table``s for these, which measure a grid of cell styles, spans and
commands, and wrap every cell again each time they are drawn. A ``Columns`` measures each cell
once per width and places it where such a table placed it: the same positions to the last
digit, and the same drawing operators (``draw``), so what it replaced prints exactly as before.
Rows with fewer cells than columns leave the rest empty.

A ``Columns`` with more than one row may split between rows when it does not fit (as a table
does; the clinic's addresses under their label); a row never splits. Each part keeps the rule at
its end of the whole.

Tagging reads what it holds through ``contents``, row by row and cell by cell, as it reads a
layout table: it adds no element of its own, its content joins the enclosing element, and its
rules are artifacts. Data tables (``TR``/``TH``/``TD``) stay ReportLab tables
(``Builder.table``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from reportlab.lib.colors import HexColor, black
from reportlab.platypus import Flowable

from handout.layout.boxes import NO_PADDING, Padding

Cell: TypeAlias = "Flowable | Sequence[Flowable]"  # a flowable, or flowables stacked
Align: TypeAlias = Literal["TOP", "MIDDLE"]

#: The font size and leading a ReportLab table sets for its cells (``CellStyle``'s defaults).
TABLE_FONT_SIZE, TABLE_LEADING = 10, 12
#: ReportLab tables draw their rules with round caps and joins.
ROUND = 1
#: Room a cell's content is measured in when only its width matters (a table's, which it
#: gives less the cell's padding).
UNBOUNDED = 72000


@dataclass(frozen=True)
class Rule:
    """A rule across the whole width: its line width and colour."""

    width: float
    colour: str


class Columns(Flowable):
    """Flowables in rows and columns, without a table's structure (see the module).

    ``font``: what cells start from, as a table gives it to them (``draw``).
    """

    def __init__(self, rows: Sequence[Sequence[Cell]], widths: Sequence[float | None],
                 font: str, padding: Padding | Sequence[Padding] = NO_PADDING,
                 valign: Align = "TOP", above: Rule | None = None, below: Rule | None = None,
                 h_align: str = "LEFT"):
        super().__init__()
        self.rows = [[_flowables(cell) for cell in row] for row in rows]
        if any(len(row) > len(widths) for row in self.rows):
            raise ValueError(f"a row has more cells than the {len(widths)} column(s) given")
        self.widths = list(widths)
        self.font = font
        self.paddings = ([padding] * len(self.rows) if isinstance(padding, Padding)
                         else list(padding))
        if len(self.paddings) != len(self.rows):
            raise ValueError(f"{len(self.paddings)} paddings for {len(self.rows)} rows")
        self.valign, self.above, self.below = valign, above, below
        self.hAlign = h_align
        self.measured_width: float | None = None
        self.columns: list[float] = []  # each column's width, at the last width measured
        self.row_heights: list[float] = []
        self.tops: list[float] = []  # the top of each row, from the bottom; the last is 0
        self.cell_heights: list[list[list[float]]] = []  # row → cell → its flowables' heights

    def contents(self) -> list[Flowable]:
        """What it shows, in reading order: row by row, cell by cell."""
        return [f for row in self.rows for cell in row for f in cell]

    # -- size -----------------------------------------------------------------------------------

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.measured_width != available_width:
            self.measure(available_width)
        return self.width, self.height

    def measure(self, available_width: float) -> None:
        given = [w for w in self.widths if w is not None]
        rest = (available_width - sum(given)) / ((len(self.widths) - len(given)) or 1)
        self.columns = [rest if w is None else w for w in self.widths]
        canvas = getattr(self, "canv", None)
        self.row_heights, self.cell_heights = [], []
        for row, pad in zip(self.rows, self.paddings, strict=True):
            tallest, heights = 0.0, []
            for cell, column in zip(row, self.columns, strict=False):
                inner = column - pad.left - pad.right
                cell_heights = [f.wrapOn(canvas, inner, UNBOUNDED - pad.top - pad.bottom)[1]
                                for f in cell]
                heights.append(cell_heights)
                tallest = max(tallest, _stacked(cell, cell_heights) + (pad.bottom + pad.top))
            self.row_heights.append(tallest)
            self.cell_heights.append(heights)
        self.tops = _tops(self.row_heights)
        width = 0.0
        for column in self.columns:  # summed in order, as a table sums them
            width = width + column
        self.width, self.height = width, self.tops[0]
        self.measured_width = available_width

    # -- drawing --------------------------------------------------------------------------------

    def draw(self) -> None:
        """Each cell's flowables where a table places them, then the rules. The operators are a
        table's: the cells drawn in a state of their own, which starts with a black fill and
        ``font`` at 10 on 12 (a flowable that draws without setting them inherits those), and
        the rules in another (empty when there are none)."""
        canvas = self.canv
        canvas.saveState()
        started = False
        for r, (row, pad) in enumerate(zip(self.rows, self.paddings, strict=True)):
            bottom, height = self.tops[r + 1], self.row_heights[r]
            x0 = 0.0
            for c, cell in enumerate(row):
                if not started:
                    canvas.setFillColor(black)
                    canvas.setFont(self.font, TABLE_FONT_SIZE, TABLE_LEADING)
                    started = True
                heights = self.cell_heights[r][c]
                if self.valign == "TOP":
                    y = bottom + height - pad.top
                else:
                    y = bottom + (height + pad.bottom - pad.top + _stacked(cell, heights)) / 2.0
                if cell:
                    y += cell[0].getSpaceBefore()
                for flowable, h in zip(cell, heights, strict=True):
                    y -= flowable.getSpaceBefore()
                    y -= h
                    flowable.drawOn(canvas, x0 + pad.left, y)
                    y -= flowable.getSpaceAfter()
                x0 = x0 + self.columns[c]
        self.rules()
        canvas.restoreState()

    def rules(self) -> None:
        canvas = self.canv
        canvas.saveState()
        drawn = [(rule, y) for rule, y in ((self.above, self.height), (self.below, 0.0)) if rule]
        colour = weight = None
        for n, (rule, y) in enumerate(drawn):
            if not n:
                canvas.setLineCap(ROUND)
                canvas.setLineJoin(ROUND)
            if rule.colour != colour:
                canvas.setStrokeColor(HexColor(rule.colour))
                colour = rule.colour
            if rule.width != weight:
                canvas.setLineWidth(rule.width)
                weight = rule.width
            canvas.line(0, y, self.width, y)
        canvas.restoreState()

    # -- splitting ------------------------------------------------------------------------------

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """The rows that fit and the rest, or [] when the first row does not fit."""
        self.wrap(available_width, available_height)
        used, n = 0.0, 0
        for height in self.row_heights:
            if used + height > available_height:
                break
            used += height
            n += 1
        if n == len(self.rows):
            return [self]
        if n == 0:
            return []
        return [self.part(0, n, self.above, None), self.part(n, len(self.rows), None, self.below)]

    def part(self, start: int, end: int, above: Rule | None, below: Rule | None) -> Columns:
        return Columns(self.rows[start:end], self.columns, self.font, self.paddings[start:end],
                       self.valign, above, below, self.hAlign)


def _flowables(cell: Cell) -> list[Flowable]:
    return [cell] if isinstance(cell, Flowable) else list(cell)


def _stacked(cell: Sequence[Flowable], heights: Sequence[float]) -> float:
    """The height of a cell's flowables stacked, as a table sums it: each one's height and
    spaces, less the space before the first and after the last."""
    if not cell:
        return 0.0
    total = 0.0
    for flowable, height in zip(cell, heights, strict=True):
        total += height + flowable.getSpaceAfter() + flowable.getSpaceBefore()
    return total - cell[0].getSpaceBefore() - cell[-1].getSpaceAfter()


def _tops(heights: Sequence[float]) -> list[float]:
    """Each row's top measured from the bottom, then 0, summed from the last row up with the
    rounding error carried over, as a table sums them (so rows stand exactly where they did)."""
    tops, total, carried = [], 0.0, 0.0
    for height in reversed(heights):
        tops.append(total)
        step = height - carried
        t = total + step
        carried = (t - total) - step
        total = t
    tops.append(total)
    tops.reverse()
    return tops
