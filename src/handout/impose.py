"""Stage 6, impose: the booklet's reading-order PDF → the sheets to print, fold and staple.

Two booklet pages sit side by side on each side of a landscape sheet of the clinic's paper (half
letter on Letter, A5 on A4), in saddle-stitch order: printed on both sides, flipped on the short
edge, stacked, folded in the middle and stapled, the sheets read as pages 1 to N. For 8 pages the
sheet sides are (8, 1), (2, 7), (6, 3), (4, 5). With ``flip="long"`` every back side is turned
180°, for printers that can only flip on the long edge. ``marks`` adds fold and trim marks; the
pages are then set slightly smaller so that the marks fall outside them.

Pages are placed with pypdf's page transforms onto a ``PdfWriter``'s blank sheets: the page content
stays vector, fonts are shared rather than copied per sheet, and link rectangles move with the page
(pypdf transforms annotations only when the sheet belongs to a writer). The alternative, ReportLab
forms, would need the booklet laid out a second time into forms and its links rebuilt by hand;
placing the finished pages once is simpler and cheaper. pypdf's import costs about 0.1 s, so it is
imported here, when a print edition is made, and nowhere else on the build path.
"""

from __future__ import annotations

from io import BytesIO
from typing import Literal

Flip = Literal["short", "long"]

MARK_ROOM = 0.375 * 72  # room kept around the pages for fold and trim marks
MARK_LENGTH = 12
MARK_OFFSET = 4  # gap between a trim mark and the page corner


def sheet_sides(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers of each sheet side in print order; ``None`` is a blank page.

    Sheet ``s`` (0 outermost) carries on its front (N-2s, 2s+1) and on its back (2s+2, N-2s-1),
    where N is the page count rounded up to a multiple of four: the blanks fall at the end.
    """
    total = -(-pages // 4) * 4
    sides: list[tuple[int | None, int | None]] = []
    for s in range(total // 4):
        sides.append((total - 2 * s, 2 * s + 1))
        sides.append((2 * s + 2, total - 2 * s - 1))

    def shown(n: int) -> int | None:
        return n if n <= pages else None

    return [(shown(left), shown(right)) for left, right in sides]


def impose(pdf: bytes, paper: tuple[float, float], flip: Flip = "short",
           marks: bool = False) -> bytes:
    """The sheets for printing ``pdf`` (a booklet in reading order) on ``paper`` (portrait size)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    reader = PdfReader(BytesIO(pdf))
    page_w = float(reader.pages[0].mediabox.width)
    page_h = float(reader.pages[0].mediabox.height)
    sheet_w, sheet_h = paper[1], paper[0]  # landscape
    scale = 1.0
    if marks:
        scale = min((sheet_w - 2 * MARK_ROOM) / (2 * page_w), (sheet_h - 2 * MARK_ROOM) / page_h)
        scale = min(scale, 1.0)
    spread_w, spread_h = 2 * page_w * scale, page_h * scale
    x0, y0 = (sheet_w - spread_w) / 2, (sheet_h - spread_h) / 2  # the fold sits mid-sheet

    writer = PdfWriter()
    positions: dict[int, tuple[int, Transformation]] = {}  # page index → (sheet index, transform)
    for i, (left, right) in enumerate(sheet_sides(len(reader.pages))):
        sheet = writer.add_blank_page(sheet_w, sheet_h)
        turned = flip == "long" and i % 2 == 1
        for slot, number in ((0, left), (1, right)):
            if number is None:
                continue
            place = Transformation().scale(scale, scale).translate(x0 + slot * page_w * scale, y0)
            if turned:
                place = place.rotate(180).translate(sheet_w, sheet_h)
            sheet.merge_transformed_page(reader.pages[number - 1], place)
            positions[number - 1] = (i, place)
        if marks:
            _draw_marks(writer, sheet, x0, y0, spread_w, spread_h)
        sheet.compress_content_streams()
    _copy_destinations(reader, writer, positions)
    _copy_document_info(reader, writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _draw_marks(writer, sheet, x: float, y: float, w: float, h: float) -> None:
    """Trim marks at the four corners of the spread, and fold marks above and below its middle."""
    from pypdf.generic import ContentStream

    ops = ["q", "0.5 w", "0 0 0 RG"]
    for cx, dx in ((x, -1), (x + w, 1)):
        for cy, dy in ((y, -1), (y + h, 1)):
            ops.append(f"{cx + dx * MARK_OFFSET:.2f} {cy:.2f} m "
                       f"{cx + dx * (MARK_OFFSET + MARK_LENGTH):.2f} {cy:.2f} l S")
            ops.append(f"{cx:.2f} {cy + dy * MARK_OFFSET:.2f} m "
                       f"{cx:.2f} {cy + dy * (MARK_OFFSET + MARK_LENGTH):.2f} l S")
    fold = x + w / 2
    ops.append("[3 2] 0 d")
    for cy, dy in ((y, -1), (y + h, 1)):
        ops.append(f"{fold:.2f} {cy + dy * MARK_OFFSET:.2f} m "
                   f"{fold:.2f} {cy + dy * (MARK_OFFSET + MARK_LENGTH):.2f} l S")
    ops.append("Q")
    contents = sheet.get_contents()
    stream = ContentStream(None, writer)
    stream.set_data((contents.get_data() if contents is not None else b"") + b"\n"
                    + "\n".join(ops).encode("ascii"))
    sheet.replace_contents(stream)


def _copy_destinations(reader, writer, positions) -> None:
    """Named destinations (the numbered citations link to the source list) point into sheets."""
    from pypdf.generic import Fit

    for name, dest in sorted(reader.named_destinations.items()):
        index = reader.get_destination_page_number(dest)
        if index not in positions:
            continue
        sheet, place = positions[index]
        x, y = place.apply_on((float(dest.left or 0), float(dest.top or 0)))
        writer.add_named_destination(name, sheet, Fit.xyz(x, y))


def _copy_document_info(reader, writer) -> None:
    """Title, author, subject, keywords and language of the booklet, and its dates."""
    from pypdf.generic import NameObject

    info = reader.metadata or {}
    writer.add_metadata({key: value for key, value in info.items()})
    root = reader.trailer["/Root"]
    for key in ("/Lang", "/ViewerPreferences"):
        if key in root:
            writer.root_object[NameObject(key)] = root[key].clone(writer)
