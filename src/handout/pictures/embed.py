"""A normalised picture at the size it prints → what the PDF embeds.

Takes a ``Picture`` and the box the layout fits it into (points); gives its printed size and,
for a raster, the bytes to embed: at most ``MAX_PPI`` pixels an inch of that size (office
printers print at 300 to 600 dpi; more pixels only make the file larger and slower), as PNG, or
as JPEG for a picture that came as a JPEG. A JPEG kept as it is (``Raster.jpeg``) is embedded
whole: a PDF carries JPEG data without decoding it. An SVG's drawing is scaled as a copy.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from io import BytesIO
from typing import TYPE_CHECKING

from handout.pictures import Picture

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from handout.pictures.raster import Raster

#: Raster pictures are embedded at no more than this many pixels an inch of their printed size.
MAX_PPI = 300

#: Quality of a JPEG made again (turned upright, or from CMYK): no visible loss at print size.
JPEG_QUALITY = 95

_made: OrderedDict[tuple[str, float, float], bytes] = OrderedDict()
_KEEP = 64


def fit(picture: Picture, max_width: float, max_height: float) -> tuple[float, float]:
    """The printed size, in points, of ``picture`` fitted into the box, keeping its proportions."""
    width, height = picture.size
    scale = _scale(picture, max_width, max_height)
    return width * scale, height * scale


def _scale(picture: Picture, max_width: float, max_height: float) -> float:
    width, height = picture.size
    return min(max_width / width, max_height / height)


def ppi(picture: Picture, width: float) -> float:
    """Pixels an inch of a raster picture printed ``width`` points wide."""
    return picture.size[0] / (width / 72)


def raster(picture: Picture, max_width: float, max_height: float) -> tuple[bytes, float, float]:
    """The bytes to embed for a raster picture fitted into the box, and its printed size."""
    width, height = fit(picture, max_width, max_height)
    key = (picture.digest, width, height)
    data = _made.get(key)
    if data is None:
        data = _encode(picture.content, width, height)  # type: ignore[arg-type]
        _made[key] = data
        if len(_made) > _KEEP:
            _made.popitem(last=False)
    return data, width, height


def drawing(picture: Picture, max_width: float, max_height: float) -> Drawing:
    """An SVG picture's drawing, scaled (as a copy) to fit the box."""
    source: Drawing = picture.content.drawing  # type: ignore[union-attr]
    width, height = fit(picture, max_width, max_height)
    scaled = copy.copy(source)  # shares the shapes, which drawing never changes
    scale = _scale(picture, max_width, max_height)
    scaled.scale(scale, scale)
    scaled.width, scaled.height = width, height
    return scaled


def clear() -> None:
    _made.clear()


def _encode(content: Raster, width: float, height: float) -> bytes:
    if content.jpeg is not None:
        return content.jpeg
    image = content.pixels
    assert image is not None
    pixels = (max(1, round(width / 72 * MAX_PPI)), max(1, round(height / 72 * MAX_PPI)))
    if pixels[0] < image.width:
        from PIL import Image

        image = image.resize(pixels, Image.Resampling.LANCZOS)
    out = BytesIO()
    if content.lossy and image.mode in ("L", "RGB"):
        image.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    else:
        image.save(out, "PNG")
    return out.getvalue()
