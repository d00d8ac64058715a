"""PDF pages as pixels, measured in points: rendered by poppler's ``pdftoppm``, read with Pillow.

A ``Raster`` is one rendered page with the boxes the PDF gives it, and answers in PDF points
(origin at the lower left of the MediaBox) so that tests speak the PDF's language. Distances to
ink are lower bounds: a pixel counts as ink if any part of it is darker than white, and the
distance is taken to the pixel's near edge.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftohtml"),
                                   reason="needs poppler-utils (pdftoppm, pdftohtml)")

#: A pixel lighter than this is paper; anything darker is ink (anti-aliased hairlines included).
PAPER = 250

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


@dataclass(frozen=True)
class Margins:
    """Distance in points from each edge of a sheet to the nearest ink."""

    left: float
    bottom: float
    right: float
    top: float

    def smallest(self) -> float:
        return min(self.left, self.bottom, self.right, self.top)


@dataclass
class Raster:
    image: Image.Image  # mode "L" (grey) or "RGB"
    dpi: float
    media: Box
    trim: Box
    bleed: Box

    @property
    def scale(self) -> float:
        return self.dpi / 72

    def pixels(self, box: Box) -> tuple[int, int, int, int]:
        """The pixels (left, upper, right, lower) covering ``box``, rounded outwards."""
        x0, y0, x1, y1 = box
        top = self.media[3]
        s = self.scale
        return (max(0, math.floor((x0 - self.media[0]) * s)), max(0, math.floor((top - y1) * s)),
                min(self.image.width, math.ceil((x1 - self.media[0]) * s)),
                min(self.image.height, math.ceil((top - y0) * s)))

    def ink(self, box: Box | None = None) -> Box | None:
        """The points box of every ink pixel within ``box`` (default: the whole page)."""
        grey = self.image if self.image.mode == "L" else self.image.convert("L")
        area = self.pixels(box) if box else (0, 0, grey.width, grey.height)
        found = grey.crop(area).point(lambda v: 255 if v < PAPER else 0).getbbox()
        if found is None:
            return None
        s, left, top = self.scale, self.media[0], self.media[3]
        return (left + (area[0] + found[0]) / s, top - (area[1] + found[3]) / s,
                left + (area[0] + found[2]) / s, top - (area[1] + found[1]) / s)

    def margins(self, within: Box | None = None) -> Margins | None:
        """Distances from the MediaBox's edges to the ink inside ``within`` (default: all)."""
        ink = self.ink(within)
        if ink is None:
            return None
        x0, y0, x1, y1 = self.media
        return Margins(ink[0] - x0, ink[1] - y0, x1 - ink[2], y1 - ink[3])

    def colour(self, x: float, y: float) -> tuple[int, ...] | int:
        """The pixel at point (x, y)."""
        col, row, _, _ = self.pixels((x, y, x, y))
        return self.image.getpixel((min(col, self.image.width - 1), min(row, self.image.height - 1)))


def _box(value) -> Box:
    return tuple(float(v) for v in value)  # type: ignore[return-value]


def render(pdf: Path, dpi: float, grey: bool = True) -> list[Raster]:
    """Every page of ``pdf`` at ``dpi``, in greyscale or colour."""
    reader = PdfReader(str(pdf))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), *(["-gray"] if grey else []), str(pdf),
                        f"{tmp}/p"], check=True, capture_output=True)
        files = sorted(Path(tmp).iterdir(), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
        images = [Image.open(f) for f in files]
        for image in images:
            image.load()
    assert len(images) == len(reader.pages), pdf
    return [Raster(image, dpi, _box(page.mediabox), _box(page.trimbox), _box(page.bleedbox))
            for image, page in zip(images, reader.pages, strict=True)]
