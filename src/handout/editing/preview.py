"""``handout preview``: the pages of built PDFs as pictures, for a quick look or a review.

Takes PDF files; gives one PNG per page (``preview/<pdf name>/page-01.png`` …) and one contact
sheet per PDF (``preview/<pdf name>.png``): every page as a thumbnail, numbered, in rows; the
booklet's reading edition as spreads, the cover alone on the right and the back cover alone on
the left, as the folded booklet opens. Pages are rendered by PDFium (``pypdfium2``), the renderer
of Chrome's PDF viewer: what a reader sees, not what our own code thinks it drew.

``make`` builds a request's editions (only those out of date) and previews every file of them;
``page`` renders one page (the suite's visual check compares it with committed references).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from handout.errors import UsageError
from handout.outputs import FILES
from handout.write import write_atomic

if TYPE_CHECKING:
    from PIL.Image import Image

    from handout.batch import Batch
    from handout.plan import Request

#: Resolution of the page pictures unless asked otherwise: sharp enough to read body text
DPI = 110
#: Height of a page's thumbnail on the contact sheet, in pixels
THUMB = 260
#: The contact sheet's greatest width, in pixels: as many thumbnails a row as fit
SHEET_WIDTH = 1400
GAP = 24  # between thumbnails and around the sheet
LABEL = 22  # room under each thumbnail for its page number
BACKGROUND = (232, 232, 228)
EDGE = (150, 150, 150)  # a page's outline, so that a white page shows on the sheet
INK = (40, 40, 40)


@dataclass(frozen=True)
class Preview:
    """The pictures made of one PDF."""

    pdf: Path
    pages: tuple[Path, ...]
    sheet: Path


def make(request: Request, dpi: int = DPI) -> tuple[Batch, list[Preview]]:
    """Build what is out of date of ``request`` (one clinic), then preview each of its files
    into ``OUT/<clinic>/preview/``."""
    from handout import batch

    result = batch.make(request, keep_going=False)
    done = []
    for edition in sorted(result.plan.stale + result.plan.fresh,
                          key=lambda e: (e.guide, list(FILES).index(e.format))):
        for path in edition.paths:
            # a format with a print edition is folded into a booklet: its reading edition has
            # facing pages (the print edition's sheets do not)
            facing = FILES[edition.format].print_suffix is not None and path == edition.paths[0]
            done.append(preview(path, path.parent / "preview", dpi, facing))
    return result, done


def pages(pdf: Path, dpi: int) -> Iterator[Image]:
    """Every page of ``pdf`` as an RGB picture at ``dpi`` pixels an inch."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                yield page.render(scale=dpi / 72).to_pil().convert("RGB")
            finally:
                page.close()
    finally:
        document.close()


def page(pdf: Path, index: int, dpi: int) -> Image:
    """Page ``index`` (0 for the first) of ``pdf`` at ``dpi`` pixels an inch."""
    for i, picture in enumerate(pages(pdf, dpi)):
        if i == index:
            return picture
    raise UsageError(f"{pdf} has no page {index + 1}")


def preview(pdf: Path, folder: Path, dpi: int = DPI, spreads: bool = False) -> Preview:
    """Write the page pictures and contact sheet of ``pdf`` into ``folder``; pictures of pages
    the PDF no longer has (from an earlier, longer edition) are removed."""
    own = folder / pdf.stem
    pictures = list(pages(pdf, dpi))
    digits = max(2, len(str(len(pictures))))
    written = []
    for number, picture in enumerate(pictures, 1):
        path = own / f"page-{number:0{digits}d}.png"
        write_atomic(path, _png(picture))
        written.append(path)
    for old in own.glob("page-*.png"):
        if old not in written:
            old.unlink()
    sheet = folder / f"{pdf.stem}.png"
    write_atomic(sheet, _png(contact_sheet(pictures, spreads, title=pdf.name)))
    return Preview(pdf, tuple(written), sheet)


def contact_sheet(pictures: list[Image], spreads: bool = False, title: str = "") -> Image:
    """Every page as a numbered thumbnail, in rows; facing pages side by side with ``spreads``."""
    from PIL import Image, ImageDraw, ImageFont

    thumbs = [_thumb(p) for p in pictures]
    units = _spreads(len(thumbs)) if spreads else [(i,) for i in range(len(thumbs))]
    width = max(t.width for t in thumbs)  # one slot per page; pages of an edition are alike
    height = max(t.height for t in thumbs)
    slot = 2 * width if spreads else width
    per_row = max(1, min(len(units), SHEET_WIDTH // (slot + GAP)))
    rows = -(-len(units) // per_row)
    font = ImageFont.load_default(size=14)
    head = 34 if title else 0
    sheet = Image.new("RGB", (GAP + per_row * (slot + GAP),
                              head + GAP + rows * (height + LABEL + GAP)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    if title:
        draw.text((GAP, GAP // 2 + 2), f"{title} · {len(thumbs)} pages", fill=INK, font=font)
    for n, unit in enumerate(units):
        x0 = GAP + (n % per_row) * (slot + GAP)
        y0 = head + GAP + (n // per_row) * (height + LABEL + GAP)
        for index in unit:
            # in a spread, an even page is on the left and an odd one on the right (page 1, the
            # cover, is a right-hand page on its own)
            x = x0 + (width if spreads and index % 2 == 0 else 0)
            thumb = thumbs[index]
            sheet.paste(thumb, (x, y0))
            draw.rectangle((x - 1, y0 - 1, x + thumb.width, y0 + thumb.height), outline=EDGE)
            label = str(index + 1)
            draw.text((x + thumb.width / 2, y0 + thumb.height + LABEL / 2), label, fill=INK,
                      font=font, anchor="mm")
    return sheet


def _spreads(count: int) -> list[tuple[int, ...]]:
    """Page indexes as the open booklet shows them: (1), (2, 3), (4, 5), …, (last)."""
    units: list[tuple[int, ...]] = [(0,)]
    for left in range(1, count, 2):
        units.append(tuple(i for i in (left, left + 1) if i < count))
    return units


def _thumb(picture: Image) -> Image:
    from PIL import Image as Pillow

    if picture.height <= THUMB:
        return picture
    width = max(1, round(picture.width * THUMB / picture.height))
    return picture.resize((width, THUMB), Pillow.Resampling.LANCZOS)


def _png(picture: Image) -> bytes:
    out = BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()
