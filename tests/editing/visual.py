"""The visual check: page 1 of each edition of one shipped clinic, as PDFium renders it, against a
committed low-resolution reference, with a tolerance.

References are small on purpose (30 pixels an inch, 16 colours: a few KB each): enough to see
that a heading moved, a panel grew or a colour changed, not enough to notice anti-aliasing. The
tolerance is measured: quantising a page to 16 colours leaves under 0.1 % of its pixels more than
64 levels (of 255) off, while moving the page by one pixel (2.4 pt) puts 4–9 % of them off.

Refresh the references after an intended change of layout (and look at them before committing):

    python -m tests.editing.visual --refresh
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

from handout.editing.preview import page

HERE = Path(__file__).parent / "references"
CLINIC = "boulder"
DPI = 30
COLOURS = 16
#: a pixel "differs" when a channel is off by more than this (of 255) ...
LEVELS = 64
#: ... and a page matches its reference while at most this share of its pixels differ
SHARE = 0.005
EDITIONS = ("handout", "booklet", "booklet-print", "large-print")


def reference(edition: str) -> Path:
    return HERE / f"{CLINIC}-{edition}.png"


def rendered(pdf: Path) -> Image.Image:
    """Page 1 of ``pdf`` as the references hold it."""
    return page(pdf, 0, DPI).quantize(colors=COLOURS).convert("RGB")


def differing(picture: Image.Image, expected: Image.Image) -> float:
    """The share of pixels of ``picture`` more than ``LEVELS`` off ``expected`` (1.0 when their
    sizes differ: a page of another size is another layout)."""
    if picture.size != expected.size:
        return 1.0
    r, g, b = ImageChops.difference(picture.convert("RGB"), expected.convert("RGB")).split()
    histogram = ImageChops.lighter(ImageChops.lighter(r, g), b).histogram()
    return sum(histogram[LEVELS + 1:]) / sum(histogram)


def refresh() -> list[Path]:
    """Build the clinic's editions from the repository's content and write new references."""
    from handout.build import build_clinic
    from handout.project import Project
    from tests.conftest import GUIDE, ROOT

    HERE.mkdir(exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as out:
        made = build_clinic(Project.at(ROOT), CLINIC, [GUIDE], Path(out))
        for m in made:
            rendered(m.path).quantize(colors=COLOURS).save(reference(m.format), optimize=True)
            written.append(reference(m.format))
    return written


if __name__ == "__main__":
    if sys.argv[1:] != ["--refresh"]:
        sys.exit("usage: python -m tests.editing.visual --refresh")
    for path in refresh():
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}"
              f" ({path.stat().st_size / 1024:.1f} KiB)")
