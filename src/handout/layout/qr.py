"""QR symbols as dark runs: a URL → the rectangles to fill, encoded once per URL per process.

ReportLab's ``QrCodeWidget`` builds a validated shape object per dark run and encodes the URL again
each time it is measured or drawn; a handout's QR code cost more than all its text. Here
ReportLab's encoder (``qrencoder``) makes the codewords and lays out the symbol once, and each
row's dark modules are merged into runs that one path fills.

Choosing the mask was then the largest part left (about 15% of a handout, profiled): the encoder
scores all eight masks module by module in Python. ``penalty`` scores them with the
specification's four rules (ISO/IEC 18004 §7.8.3) over rows as byte strings and integers, about
twice as fast; any mask gives a valid symbol, and the lowest penalty is the one that scans best.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby, pairwise

from reportlab.graphics.barcode import qrencoder

#: Quiet zone around the symbol, in modules (the specification asks for 4; 2 scans reliably on
#: the tinted panel and keeps the code larger in its box).
BORDER = 2

_RUN = re.compile(rb"0{5,}|1{5,}")
_FINDER = re.compile(rb"(?=10111010000|00001011101)")
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


@lru_cache(maxsize=64)
def runs(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The symbol's size in modules (with border) and its dark runs as (row, column, length)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.version = code.calculate_version()
    scores = []
    for mask in range(8):
        code.makeImpl(True, mask)
        scores.append((penalty(code.modules), mask))
    code.makeImpl(False, min(scores)[1])
    out = []
    for r, row in enumerate(code.modules):
        c = 0
        for dark, group in groupby(bool(m) for m in row):
            length = sum(1 for _ in group)
            if dark:
                out.append((r, c, length))
            c += length
    return code.getModuleCount() + 2 * BORDER, tuple(out)


def penalty(modules: list[list[bool]]) -> int:
    """The specification's penalty score of a masked symbol (lower scans better)."""
    n = len(modules)
    rows = [bytes(map(bool, row)).translate(_DIGITS) for row in modules]  # b"0110…"
    lines = rows + [bytes(col) for col in zip(*rows, strict=True)]
    score = 0
    for line in lines:
        score += sum(len(run) - 2 for run in _RUN.findall(line))  # rule 1: runs of 5 or more
        score += 40 * len(_FINDER.findall(line))  # rule 3: patterns that look like finders
    within = (1 << (n - 1)) - 1  # bit i compares column i with i + 1
    bits = [int(row, 2) for row in rows]
    for a, b in pairwise(bits):  # rule 2: 2 × 2 blocks of one colour
        same = ~(a ^ b) & ~(a ^ (a >> 1)) & ~(b ^ (b >> 1)) & within
        score += 3 * bin(same).count("1")
    dark = sum(row.count(b"1") for row in rows)
    score += 10 * (abs(dark * 100 // (n * n) - 50) // 5)  # rule 4: balance of dark and light
    return score
