"""Formats: the page designs one guide can be printed in.

Each format is data plus a little code, in a module of its own: the handout (``handout.py``), the
folded booklet (``booklet.py``) and the large-print edition (``large_print.py``). The block
builders are shared; a format changes page sizes, frames, painters, styles and the matter it adds
before and after the guide, never a builder. Adding a format touches this package only.
"""

from __future__ import annotations

from handout.layout.formats.base import PAPER, Format
from handout.layout.formats.booklet import BOOKLET
from handout.layout.formats.handout import HANDOUT
from handout.layout.formats.large_print import LARGE_PRINT

FORMATS: dict[str, Format] = {f.name: f for f in (HANDOUT, BOOKLET, LARGE_PRINT)}

__all__ = ["BOOKLET", "FORMATS", "HANDOUT", "LARGE_PRINT", "PAPER", "Format"]
