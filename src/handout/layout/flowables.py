"""Flowables our builders need beyond ReportLab's own: headings that know their outline level,
number badges, QR codes and logos. Each carries the logical role it will have in a tagged PDF.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Image

from handout.digest import of_file
from handout.errors import ContentError, Location, Problem
from handout.layout.markup import Markup
from handout.layout.paragraphs import Paragraph
from handout.layout.qr import BORDER, runs


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


#: Raster pictures are embedded at no more than this many pixels per inch at their printed size:
#: office printers print at 300 to 600 dpi, and more pixels only make the file larger and slower.
MAX_PPI = 300


def logo(path: Path, max_width: float, max_height: float, alt: str) -> Flowable:
    """The clinic's logo (PNG, JPEG or SVG) scaled to fit the box, keeping its proportions.

    Every clinic sharing a picture file, and every edition of one clinic, gets the same prepared
    picture: each is read once per process (again if its file changes).
    """
    stamp = of_file(path)  # content, not modification time: an edit within a second still shows
    flowable: Flowable
    if path.suffix.lower() == ".svg":
        flowable = _DrawingFlowable(_svg(path, stamp, max_width, max_height))
    else:
        data, width, height = _raster(path, stamp, max_width, max_height)
        flowable = Image(BytesIO(data) if data else str(path), width=width, height=height)
    flowable.role = "Figure"  # type: ignore[attr-defined]
    flowable.alt = alt  # type: ignore[attr-defined]
    return flowable


@lru_cache(maxsize=32)
def _raster(path: Path, stamp: str | None, max_width: float, max_height: float
            ) -> tuple[bytes | None, float, float]:
    """The size a picture prints at, and its pixels reduced to ``MAX_PPI`` at that size (as PNG
    bytes) if it has more; None if it is embedded from its file as it is.

    JPEGs are always embedded as they are: decoding and encoding one again would cost quality,
    and a PDF carries JPEG data without recompressing it.
    """
    from PIL import Image as Pillow

    with Pillow.open(path) as picture:
        scale = min(max_width / picture.width, max_height / picture.height)
        width, height = picture.width * scale, picture.height * scale
        if picture.format == "JPEG":
            return None, width, height
        pixels = (max(1, round(width / 72 * MAX_PPI)), max(1, round(height / 72 * MAX_PPI)))
        if pixels[0] >= picture.width:
            return None, width, height
        if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
            mode = "RGBA"
        else:
            mode = "L" if picture.mode == "L" else "RGB"
        smaller = picture.convert(mode).resize(pixels, Pillow.Resampling.LANCZOS)
        out = BytesIO()
        smaller.save(out, "PNG")
        return out.getvalue(), width, height


class _DrawingFlowable(Flowable):
    def __init__(self, drawing: Drawing):
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.drawing.drawOn(self.canv, 0, 0)


@lru_cache(maxsize=32)
def _svg(path: Path, stamp: str | None, max_width: float, max_height: float) -> Drawing:
    """An SVG picture as a drawing scaled to fit the box (drawing it does not change it)."""
    from svglib.svglib import svg2rlg

    # no entity resolution (svglib's default, said aloud) and no <image>/<use> references that
    # leave the SVG's own folder
    drawing = svg2rlg(str(path), resolve_entities=False, external_reference_root=str(path.parent))
    if drawing is None or not drawing.width or not drawing.height:
        raise ContentError([Problem(Location(_shown(path)), "", "an SVG picture with a width and "
                                    "height", "a file the SVG reader could not draw")])
    scale = min(max_width / drawing.width, max_height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing


def _shown(path: Path) -> Path:
    """``path`` as the user would type it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
