"""Flowables our builders need beyond ReportLab's own: headings that know their outline level,
number badges, QR codes and pictures (logos, figures). Each carries the logical role it will
have in a tagged PDF.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Image

from handout.layout.markup import Markup
from handout.layout.paragraphs import Paragraph
from handout.layout.qr import BORDER, runs
from handout.pictures import Picture, embed
from handout.pictures.vector import draw_on


class Heading(Paragraph):
    """A heading paragraph; ``level`` 1 is the guide title, 2 a section, 3 a sub-section."""

    def __init__(self, text: Markup, style, level: int, plain: str, block_id: str | None = None):
        super().__init__(text, style)
        self.level = level
        self.plain = plain
        self.block_id = block_id
        self.role = f"H{level}"


class Badge(Flowable):
    """A filled circle with a number in it: the marker of a numbered card."""

    role = "Lbl"

    def __init__(self, number: int, size: float, fill: str, ink: str, font: str):
        super().__init__()
        self.number, self.size, self.fill, self.ink, self.font = number, size, fill, ink, font
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c, r = self.canv, self.size / 2
        c.setFillColor(HexColor(self.fill))
        c.circle(r, r, r, stroke=0, fill=1)
        c.setFillColor(HexColor(self.ink))
        font_size = self.size * 0.5
        c.setFont(self.font, font_size)
        c.drawCentredString(r, r - font_size * 0.36, str(self.number))


class QRCode(Flowable):
    """A QR code that is also a clickable link to the address it encodes."""

    role = "Figure"

    def __init__(self, url: str, size: float, alt: str, ink: str = "#000000"):
        super().__init__()
        self.url, self.size, self.alt, self.ink = url, size, alt, ink
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count, dark = runs(self.url)
        unit = self.size / count
        c = self.canv
        c.setFillColor(HexColor(self.ink))
        path = c.beginPath()
        for row, column, length in dark:
            path.rect((column + BORDER) * unit, self.size - (row + BORDER + 1) * unit,
                      length * unit, unit)
        c.drawPath(path, stroke=0, fill=1)
        self.canv.linkURL(self.url, (0, 0, self.size, self.size), relative=1, thickness=0)


#: The boxes pictures are fitted into, (width, height) in points: the logo in the masthead of the
#: handout and large print, the logo on the booklet's cover, and the tallest a figure may be (a
#: figure is as wide as the text column).
MASTHEAD_LOGO = (1.5 * 72, 0.8 * 72)
COVER_LOGO = (1.6 * 72, 0.7 * 72)
FIGURE_HEIGHT = 4 * 72


def logo(picture: Picture, max_width: float, max_height: float, alt: str) -> Flowable:
    """A picture from the intake (a logo or a figure) scaled to fit the box, keeping its
    proportions: a raster at no more than 300 pixels an inch of that size, an SVG as drawn."""
    flowable: Flowable
    if picture.is_raster:
        data, width, height = embed.raster(picture, max_width, max_height)
        flowable = Image(BytesIO(data), width=width, height=height)
    else:
        flowable = _DrawingFlowable(embed.drawing(picture, max_width, max_height))
    flowable.role = "Figure"  # type: ignore[attr-defined]
    flowable.alt = alt  # type: ignore[attr-defined]
    return flowable


class _DrawingFlowable(Flowable):
    def __init__(self, drawing: Drawing):
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_on(self.drawing, self.canv)
