"""Large print: the guide for readers with low vision, on the clinic's own paper (Letter or A4).

Follows the American Council of the Blind's Large Print Guidelines, APH's Guidelines for Print
Document Design and RNIB's Clear Print guidelines (see the README): every piece of text at 18 pt or
more, headings larger and bold, one flush-left column, 1.5 line spacing and a blank line's worth
of space between paragraphs, sans-serif type throughout with no italics, near-black text, nothing
printed over a tint or a picture (cards and notes are outlined instead), page numbers as large as
the text and always in the same place, and no paragraph continued from one page to the next.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.lib.units import inch

from handout.colours import WHITE, Palette, readable_on
from handout.fonts import Family
from handout.layout import notice
from handout.layout.formats.base import Format, flowing_sources, single_column
from handout.layout.formats.edges import band, trimmed
from handout.layout.styles import Metrics

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate

    from handout.layout.blocks import Builder
    from handout.layout.styles import StyleSheet
    from handout.resolve import Document

#: WCAG's enhanced contrast (AAA) for coloured text: large print asks for more than 4.5:1.
ENHANCED = 7.0

METRICS = Metrics(body=18, leading=1.5, lede=20, title=34, subtitle=22, h2=28, h3=22,
                  card_title=22, quote=20, small=18, footer=18, space=1.0, min_size=18,
                  surface="outline", outline=2, cards="open", qr=100,
                  hyphenate=False)


def clear_print(p: Palette) -> Palette:
    """Near-black text, brand colour only where it reaches 7:1, no tints behind text."""
    strong = readable_on(p.brand, WHITE, ENHANCED)
    return replace(p, brand_text=strong, muted=p.ink, tint=WHITE, fill=WHITE, on_brand=strong)


def sans_upright(f: Family) -> Family:
    """Sans-serif headings and no italic quotation: both read better at a distance."""
    return replace(f, display=f.bold, quote=f.regular)


class _Furniture:
    """Page number top right (where large-print readers look for it), clinic and phone below,
    alone on the footer line: the format's whole measure is the footer's room."""

    def __init__(self, doc: Document, styles: StyleSheet, fmt: Format, side: float):
        self.doc, self.s, self.fmt, self.side = doc, styles, fmt, side
        self.words = doc.words

    def __call__(self, canvas: Canvas, template: BaseDocTemplate) -> None:
        p, m, font = self.s.palette, self.s.metrics, self.s.family.regular
        with trimmed(canvas, self.fmt, self.doc.clinic.paper) as (width, height):
            right = width - self.side
            # a band above the header, never behind text; inset: large print is printed in
            # the office, whose printers cannot print near the sheet's edge
            band(canvas, self.fmt, self.doc.clinic.paper, p.brand, 6, "top", self.side,
                 self.fmt.measure)
            canvas.setFillColor(HexColor(p.ink))
            canvas.setFont(font, m.footer)
            top = height - self.fmt.top + m.footer * 1.6
            canvas.drawRightString(right, top, self.words("page_n", n=canvas.getPageNumber()))
            y = self.fmt.bottom - m.footer * 2.4
            canvas.setStrokeColor(HexColor(p.ink))
            canvas.setLineWidth(1)
            canvas.line(self.side, y + m.footer * 1.5, right, y + m.footer * 1.5)
            canvas.drawString(self.side, y, self.fmt.footer_text(self.doc.clinic))


def _masthead(b: Builder) -> list:
    return b.masthead()


def _colophon(b: Builder) -> list:
    """The colophon, kept in one piece and with the entry before it (see ``flowing_sources``):
    a page holding nothing but the colophon looks like a printing mistake."""
    out = b.colophon()
    for flowable in out[:-1]:
        flowable.keepWithNext = True  # ReportLab keeps a chain of these together
    return out + notice.flowing(b)  # the notice of language assistance, last


LARGE_PRINT = Format(name="large-print", metrics=METRICS, measure=6.5 * inch,
                     top=1.15 * inch, bottom=1.1 * inch, pages=single_column(_Furniture), front=_masthead,
                     back=_colophon, blocks={"sources": flowing_sources},
                     whole_paragraphs=True, palette=clear_print,
                     family=sans_upright)
