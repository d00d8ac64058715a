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
    sides: list[tuple[int, int]] = []
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
    from pypdf.generic import Fit

    reader = PdfReader(BytesIO(pdf))
    page_w = float(reader.pages[0].mediabox.width)
    page_h = float(reader.pages[0].mediabox.height)
    sheet_w, sheet_h = paper[1], paper[0]  # landscape
    scale = 1.0
    if marks:
        scale = min(1.0, (sheet_w - 2 * MARK_ROOM) / (2 * page_w),
                    (sheet_h - 2 * MARK_ROOM) / page_h)
    spread_w, spread_h = 2 * page_w * scale, page_h * scale
    x0, y0 = (sheet_w - spread_w) / 2, (sheet_h - spread_h) / 2  # the fold sits mid-sheet

    sides = sheet_sides(len(reader.pages))
    placed: dict[int, tuple[int, Transformation]] = {}  # page index → (sheet side, transform)
    for i, side in enumerate(sides):
        for slot, number in enumerate(side):
            if number is None:
                continue
            place = Transformation().scale(scale, scale).translate(x0 + slot * page_w * scale, y0)
            if flip == "long" and i % 2 == 1:
                place = place.rotate(180).translate(sheet_w, sheet_h)
            placed[number - 1] = (i, place)
    targets = _name_destinations(reader)

    writer = PdfWriter()
    for side in sides:
        sheet = writer.add_blank_page(sheet_w, sheet_h)
        for number in side:
            if number is not None:
                sheet.merge_transformed_page(reader.pages[number - 1], placed[number - 1][1])
        if marks:
            _draw_marks(writer, sheet, x0, y0, spread_w, spread_h)
        sheet.compress_content_streams()
    for name, index, left, top in targets:
        side_index, place = placed[index]
        x, y = place.apply_on((left, top))
        writer.add_named_destination(name, side_index, Fit.xyz(x, y))
    _copy_document_info(reader, writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _name_destinations(reader) -> list[tuple[str, int, float, float]]:
    """Turn links to a place in the booklet (a citation to its source) into named destinations.

    A link's destination names a page of the booklet, which is not a page of the sheets; by name,
    it can point to where that page now lies on its sheet. Gives (name, page index, left, top).
    """
    from pypdf.generic import ArrayObject, IndirectObject, NameObject, TextStringObject

    index_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    targets: list[tuple[str, int, float, float]] = []
    for page in reader.pages:
        for annot in page.get("/Annots", None) or []:
            link = annot.get_object()
            dest = link.get("/Dest")
            if not (isinstance(dest, ArrayObject) and dest and isinstance(dest[0], IndirectObject)
                    and dest[0].idnum in index_of):
                continue
            left, top = (float(v) if isinstance(v, (int, float)) else 0.0 for v in
                         (list(dest[2:4]) + [0, 0])[:2])
            name = f"booklet-{len(targets) + 1}"
            targets.append((name, index_of[dest[0].idnum], left, top))
            link[NameObject("/Dest")] = TextStringObject(name)
    return targets


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


def _copy_document_info(reader, writer) -> None:
    """Title, author, subject, keywords and language of the booklet, and its dates."""
    from pypdf.generic import NameObject

    info = reader.metadata or {}
    writer.add_metadata({key: value for key, value in info.items()})
    root = reader.trailer["/Root"]
    for key in ("/Lang", "/ViewerPreferences"):
        if key in root:
            writer.root_object[NameObject(key)] = root[key].clone(writer)
