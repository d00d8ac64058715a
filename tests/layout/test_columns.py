"""Columns (``layout.columns``) drawn on real pages and read back: cells in their widths and
paddings, aligned to the top or the middle of their row, rules where they belong; the same
drawing a ReportLab table with the same settings makes; split between rows only."""

from __future__ import annotations

from io import BytesIO

import pikepdf
import pytest
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from handout.fonts import load
from handout.layout.boxes import Padding
from handout.layout.columns import Columns, Rule
from tests.conftest import ROOT

FAMILY = load(ROOT / "fonts")
TEXT = ParagraphStyle("text", fontName=FAMILY.regular, fontSize=10, leading=13, spaceAfter=5)
LABEL = ParagraphStyle("label", parent=TEXT, fontName=FAMILY.bold, spaceBefore=3, spaceAfter=0)
PAGE = (400, 400)


class Block(Flowable):
    """A filled rectangle: ``width`` wide (or as wide as it is let be), ``height`` tall."""

    def __init__(self, height: float, width: float | None = None):
        super().__init__()
        self.fixed, self.height = width, height

    def wrap(self, available_width, available_height):
        self.width = self.fixed if self.fixed is not None else available_width
        return self.width, self.height

    def draw(self):
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)


class Unstyled(Flowable):
    """Words drawn in whatever font and colour the canvas holds."""

    def wrap(self, available_width, available_height):
        return 60, 12

    def draw(self):
        self.canv.drawString(0, 2, "Unstyled")


def drawn(flowable: Flowable, width: float = 300, x: float = 20, top: float = 380) -> bytes:
    """A one-page PDF with ``flowable`` wrapped at ``width`` and drawn with its top at ``top``."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=PAGE, invariant=1)
    _, height = flowable.wrapOn(canvas, width, 1000)
    flowable.drawOn(canvas, x, top - height)
    canvas.save()
    return out.getvalue()


def shapes(pdf: bytes) -> tuple[list[tuple[float, float, float, float]], list[tuple]]:
    """The filled rectangles (x, y, width, height) and the stroked lines (x0, y0, x1, y1,
    width) a page draws, in page coordinates (the page only translates)."""
    document = pikepdf.open(BytesIO(pdf))
    page = document.pages[0]
    rects, lines = [], []
    stack, (dx, dy), line_width, path = [], (0.0, 0.0), 1.0, []
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        args = [float(a) for a in operands] if name in ("cm", "re", "m", "l", "w") else []
        if name == "q":
            stack.append((dx, dy, line_width))
        elif name == "Q":
            dx, dy, line_width = stack.pop()
        elif name == "cm":
            dx, dy = dx + args[4], dy + args[5]
        elif name == "w":
            line_width = args[0]
        elif name == "re":
            path = [("re", args[0] + dx, args[1] + dy, args[2], args[3])]
        elif name == "m":
            path = [(args[0] + dx, args[1] + dy)]
        elif name == "l":
            path.append((args[0] + dx, args[1] + dy))
        elif name in ("f", "f*") and path and path[0][0] == "re":
            rects.append(tuple(round(v, 3) for v in path[0][1:]))
        elif name == "S" and len(path) == 2:
            (x0, y0), (x1, y1) = path
            lines.append((round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3), line_width))
    return rects, lines


def test_cells_stand_in_their_columns_inside_their_padding():
    columns = Columns([[Block(20, 30), Block(40, 50), Block(10)]], [60, 80, None], FAMILY.regular,
                      padding=Padding(left=4, right=10, top=6, bottom=2))
    rects, lines = shapes(drawn(columns, width=300))
    assert columns.width == 300
    assert columns.height == 6 + 40 + 2  # the tallest cell and its padding
    top = 380
    # each at its column's left edge plus the left padding, its top under the top padding
    assert rects == [(24, top - 6 - 20, 30, 20), (84, top - 6 - 40, 50, 40),
                     (164, top - 6 - 10, 300 - 140 - 14, 10)]  # the rest of the width
    assert lines == []


def test_middle_alignment_centres_each_cell_between_its_paddings():
    columns = Columns([[Block(40, 30), [Block(10, 20), Block(6, 20)]]], [50, None],
                      FAMILY.regular, padding=Padding(top=3, bottom=11), valign="MIDDLE")
    rects, _ = shapes(drawn(columns, width=200))
    top, bottom = 380, 380 - (3 + 40 + 11)
    middle = (top - 3 + bottom + 11) / 2  # the middle of the room inside the paddings
    tall, first, second = rects
    assert tall == (0 + 20, bottom + 11, 30, 40)
    assert first[1] + first[3] - middle == pytest.approx(middle - second[1])  # 16 pt, centred
    assert (first[0], second[0]) == (70, 70)
    assert first[1] == second[1] + 6  # stacked, the second under the first


def test_rules_run_across_the_whole_width_above_the_first_row_and_below_the_last():
    columns = Columns([[Block(20)], [Block(30)]], [150], FAMILY.regular,
                      padding=[Padding(top=8), Padding()], above=Rule(0.6, "#999999"),
                      below=Rule(2.5, "#1D5B79"))
    rects, lines = shapes(drawn(columns, width=150, x=20))
    assert lines == [(20, 380, 170, 380, 0.6), (20, 380 - 58, 170, 380 - 58, 2.5)]
    assert rects == [(20, 380 - 8 - 20, 150, 20), (20, 380 - 58, 150, 30)]


CASES = {
    "top, two columns, the rest": dict(
        rows=lambda: [[[Unstyled(), Paragraph("Phone", LABEL),
                        Paragraph("(303) 555-0100 and more", TEXT)],
                       [Block(50, 50), Spacer(1, 4), Paragraph("Scan to book", TEXT)]]],
        widths=[None, 58], padding=Padding(right=10), commands=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0)], kw={}),
    "middle, rule below": dict(
        rows=lambda: [[Block(36, 36), [Paragraph("Clinic", LABEL), Paragraph("Call us", TEXT)]]],
        widths=[48, None], padding=Padding(top=3, bottom=10), commands=[
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ("LINEBELOW", (0, 0), (-1, -1), 2.5, HexColor("#1D5B79"))],
        kw=dict(valign="MIDDLE", below=Rule(2.5, "#1D5B79"))),
    "rows with a padding each, rule above": dict(
        rows=lambda: [[Paragraph("Locations", LABEL)],
                      [[Paragraph("Upper clinic, 2 Hill Road, Salem", TEXT)]]],
        widths=[240], padding=[Padding(right=10, top=8), Padding(right=10)], commands=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, HexColor("#999999")),
            ("TOPPADDING", (0, 0), (-1, 0), 8)],
        kw=dict(above=Rule(0.6, "#999999"))),
}


@pytest.mark.parametrize("case", CASES)
def test_it_draws_what_a_table_with_the_same_settings_drew(case):
    """What replaced a table prints as the table did, operator for operator; what a cell draws
    without setting a font or a colour uses the table's (``Unstyled``)."""
    c = CASES[case]
    table = Table(c["rows"](), colWidths=c["widths"])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FAMILY.regular)] + c["commands"]))
    columns = Columns(c["rows"](), c["widths"], FAMILY.regular, c["padding"], **c["kw"])
    assert drawn(columns, width=240) == drawn(table, width=240)


def test_it_splits_between_rows_each_part_keeping_its_rule():
    first, second, third = Block(20), Block(30), Block(40)
    columns = Columns([[first], [second], [third]], [100], FAMILY.regular,
                      padding=[Padding(top=8), Padding(), Padding()], above=Rule(0.6, "#999999"),
                      below=Rule(1, "#000000"))
    assert columns.split(100, 200) == [columns]  # it fits: whole
    assert columns.split(100, 27) == []  # not even its first row fits
    head, rest = columns.split(100, 60)  # two rows fit
    assert head.contents() == [first, second] and rest.contents() == [third]
    assert head.wrap(100, 60) == (100, 8 + 20 + 30) and rest.wrap(100, 60) == (100, 40)
    assert (head.above, head.below, rest.above, rest.below) == (
        Rule(0.6, "#999999"), None, None, Rule(1, "#000000"))


def test_it_holds_its_cells_in_reading_order_and_leaves_missing_cells_empty():
    a, b, c, d = (Paragraph(t, TEXT) for t in "abcd")
    columns = Columns([[a, [b, c]], [d]], [50, 50], FAMILY.regular)
    assert columns.contents() == [a, b, c, d]  # row by row, cell by cell
    rects, _ = shapes(drawn(Columns([[Block(5), Block(5)], [Block(9)]], [50, 50],
                                    FAMILY.regular), width=100))
    assert len(rects) == 3 and columns.wrap(100, 100)[0] == 100


def test_a_row_with_more_cells_than_columns_is_refused():
    with pytest.raises(ValueError, match="more cells than the 1 column"):
        Columns([[Block(1), Block(1)]], [10], FAMILY.regular)
