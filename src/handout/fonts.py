"""The type family, registered once per process from the project's ``fonts/`` folder.

Our family becomes ReportLab's base font for canvases and drawings, so that no page or QR code
drawing ever falls back to an unembedded Helvetica. ``register`` must run before any style exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from handout.errors import NotFoundError
from handout.reportlab_private import glyph_map


@dataclass(frozen=True)
class Family:
    """Names of the registered faces, as styles refer to them."""

    regular: str = "NotoSans"
    bold: str = "NotoSans-Bold"
    italic: str = "NotoSans-Italic"
    bold_italic: str = "NotoSans-BoldItalic"
    display: str = "NotoSerif-Bold"  # titles and headings
    quote: str = "NotoSerif-Italic"  # the testimonial


FACES = {
    "NotoSans": "NotoSans-Regular.ttf",
    "NotoSans-Bold": "NotoSans-Bold.ttf",
    "NotoSans-Italic": "NotoSans-Italic.ttf",
    "NotoSans-BoldItalic": "NotoSans-BoldItalic.ttf",
    "NotoSerif-Bold": "NotoSerif-Bold.ttf",
    "NotoSerif-Italic": "NotoSerif-Italic.ttf",
}


@cache
def register(fonts_dir: Path) -> Family:
    """Register every face (once per process) and make the family ReportLab's default."""
    family = Family()
    for name, file in FACES.items():
        path = fonts_dir / file
        if not path.is_file():
            raise NotFoundError(f"missing font file {path}; the fonts/ folder of the project "
                                f"must hold {', '.join(FACES.values())}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(family.regular, normal=family.regular, bold=family.bold,
                                  italic=family.italic, boldItalic=family.bold_italic)
    for face, bold, italic in ((family.display, 1, 0), (family.quote, 0, 1)):
        addMapping(face, bold, italic, face)
    rl_config.canvas_basefontname = family.regular
    rl_config.defaultGraphicsFontName = family.regular
    return family


def covers(text: str) -> set[str]:
    """Characters of ``text`` the regular face has no glyph for."""
    glyphs = glyph_map(Family.regular)
    return {c for c in text if not c.isspace() and ord(c) not in glyphs}
