"""QR symbols as dark runs: a URL → the rectangles to fill, encoded once per URL per process.

ReportLab's ``QrCodeWidget`` builds a validated shape object per dark run and encodes the URL
again each time it is measured or drawn; a handout's QR code cost more than all its text. Here the
encoder runs once, and each row's dark modules are merged into runs that one path fills.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from reportlab.graphics.barcode import qrencoder

#: Quiet zone around the symbol, in modules (the specification asks for 4; 2 scans reliably on
#: the tinted panel and keeps the code larger in its box).
BORDER = 2


@lru_cache(maxsize=64)
def runs(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The symbol's size in modules (with border) and its dark runs as (row, column, length)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    out = []
    for r, row in enumerate(code.modules):
        c = 0
        for dark, group in groupby(bool(m) for m in row):
            length = sum(1 for _ in group)
            if dark:
                out.append((r, c, length))
            c += length
    return code.getModuleCount() + 2 * BORDER, tuple(out)
