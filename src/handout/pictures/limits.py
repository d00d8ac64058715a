"""The limits a picture file must keep, and the error that says which one it broke.

Every number here is also in the README's picture rules. A ``PictureError`` has no location: the
caller that read the file's name from YAML (``resolve``) adds the file, line and key.
"""

from __future__ import annotations

import math

#: Largest picture file accepted; logos and figures are far smaller.
MAX_BYTES = 10 * 1024 * 1024

#: Most pixels a raster picture may have, read from its header before it is decoded: a 40
#: megapixel picture prints 20 by 27 inches at 300 pixels an inch, and holds 160 MB once decoded.
MAX_PIXELS = 40_000_000

#: Most elements an SVG may draw, counting each time a <use> repeats another; logos have hundreds.
MAX_SVG_ELEMENTS = 50_000

#: Deepest nesting of SVG elements (groups in groups, <use> of <use>); design tools stay near 10.
MAX_SVG_DEPTH = 64

#: Largest width or height of an SVG's viewBox and of the size it declares (points or pixels).
MAX_SVG_SIZE = 1_000_000.0

#: Largest number an SVG's drawing may hold (a coordinate, a size, a factor of a transform): past
#: about 1e20 ReportLab cannot write a number at all.
MAX_SVG_NUMBER = 1e9

#: Below this many pixels an inch at its printed size a raster picture prints soft or blocky;
#: ``handout check`` warns. Office printers print at 300.
MIN_PPI = 150


class PictureError(Exception):
    """A picture file that cannot be printed: what was expected, what was found."""

    def __init__(self, expected: str, found: str):
        super().__init__(f"expected {expected}, got {found}")
        self.expected, self.found = expected, found


def megapixels(width: int, height: int) -> str:
    """"6,400 × 6,251 pixels (40.1 megapixels)": rounded up, so that a picture over the limit
    never reads as one at it."""
    tenths = math.ceil(width * height / 100_000)
    count = f"{-(-tenths // 10):,}" if tenths >= 1000 else f"{tenths / 10:.1f}"
    return f"{width:,} × {height:,} pixels ({count} megapixels)"


def check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise PictureError(f"a picture of at most {MAX_PIXELS // 1_000_000} megapixels",
                           f"{megapixels(width, height)}; reduce it to at most 5,000 pixels on "
                           f"its longer side in an image editor")
    if width < 1 or height < 1:
        raise PictureError("a picture at least one pixel wide and high",
                           f"{width} × {height} pixels")
