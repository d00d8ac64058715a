"""Stage 6, impose: the booklet's reading-order PDF → the sheets to print, fold and staple.

Two booklet pages sit side by side on each side of a landscape sheet of the clinic's paper (half
letter on Letter, A5 on A4), in saddle-stitch order: printed on both sides, flipped on the short
edge, stacked, folded in the middle and stapled, the sheets read as pages 1 to N. For 8 pages the
sheet sides are (8, 1), (2, 7), (6, 3), (4, 5). With ``flip="long"`` every back side is turned
180°, for printers that can only flip on the long edge. ``marks`` adds fold and trim marks; the
pages are then set slightly smaller so that the marks fall outside them. A booklet laid out with
bleed (for a print shop) goes on sheets larger than the paper instead, at actual size, with its
bleed and with crop and fold marks outside it, and the sheets carry ``TrimBox`` and ``BleedBox``.

Pages are placed with pypdf's page transforms onto a ``PdfWriter``'s blank sheets: the page content
stays vector, fonts are shared rather than copied per sheet, and link rectangles move with the page
(pypdf transforms annotations only when the sheet belongs to a writer). The alternative, ReportLab
forms, would need the booklet laid out a second time into forms and its links rebuilt by hand;
placing the finished pages once is simpler and cheaper. pypdf's import costs about 0.1 s, so it is
imported here, when a print edition is made, and nowhere else on the build path.

The sheets are PDF/A-2b (``handout.tagging.archive``): archival, with the booklet's sRGB output
intent and document information, but without a structure tree, as they are for printers, not
readers (the booklet in reading order is the tagged edition).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Literal

Flip = Literal["short", "long"]

MARK_ROOM = 0.375 * 72  # room kept around the pages for fold and trim marks
MARK_LENGTH = 12
MARK_OFFSET = 4  # gap between a trim mark and the page corner
BLEED_MARK_GAP = 3  # gap between the bleed and the crop marks of a print shop's sheet
BLEED_SLUG = 6  # blank beyond the crop marks, so that none touches the sheet's edge


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


@dataclass(frozen=True)
class Layout:
    """Where the spread of two pages lies on a sheet, in points."""

    sheet: tuple[float, float]  # width, height
    x: float  # lower-left corner of the spread (its trim)
    y: float
    scale: float
    page: tuple[float, float]  # one trimmed page, as placed (scaled)
    bleed: float  # colour carried past the trim, as placed
    marks: bool
    mark_offset: float  # from the trim to where a crop or fold mark starts

    @property
    def spread(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + 2 * self.page[0], self.y + self.page[1]


def layout(paper: tuple[float, float], page: tuple[float, float], bleed: float,
           marks: bool) -> Layout:
    """The sheet for pages of trimmed size ``page`` with ``bleed`` around them, on ``paper``.

    For the office, the sheet is the landscape paper and the pages fill it at actual size (or,
    with marks, slightly smaller so that the marks fall outside them). For a print shop (with
    bleed) the sheet is larger than the paper: the spread at actual size, its bleed, and crop
    and fold marks outside the bleed; the shop prints it on a larger sheet and trims.
    """
    page_w, page_h = page
    if bleed:
        room = bleed + BLEED_MARK_GAP + MARK_LENGTH + BLEED_SLUG
        sheet = (2 * page_w + 2 * room, page_h + 2 * room)
        return Layout(sheet, room, room, 1.0, page, bleed, True, bleed + BLEED_MARK_GAP)
    sheet_w, sheet_h = paper[1], paper[0]  # landscape
    scale = 1.0
    if marks:
        scale = min(1.0, (sheet_w - 2 * MARK_ROOM) / (2 * page_w), (sheet_h - 2 * MARK_ROOM) / page_h)
    spread_w, spread_h = 2 * page_w * scale, page_h * scale
    return Layout((sheet_w, sheet_h), (sheet_w - spread_w) / 2, (sheet_h - spread_h) / 2, scale,
                  (page_w * scale, page_h * scale), 0.0, marks, MARK_OFFSET)


def impose(pdf: bytes, paper: tuple[float, float], flip: Flip = "short",
           marks: bool = False) -> bytes:
    """The sheets for printing ``pdf`` (a booklet in reading order) on ``paper`` (portrait size).

    A booklet laid out with bleed (its pages have a ``TrimBox`` inside a larger ``MediaBox``)
    is imposed for a print shop: every sheet then has crop and fold marks, a ``TrimBox`` around
    the spread and a ``BleedBox`` around its bleed; each page keeps its bleed on its three outer
    sides and is cut at its trim along the fold, where the facing page begins.
    """
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import ArrayObject, Fit, FloatObject, NameObject, RectangleObject

    reader = PdfReader(BytesIO(pdf))
    trim, media = reader.pages[0].trimbox, reader.pages[0].mediabox
    bleed = float(trim.left) - float(media.left)
    at = layout(paper, (float(trim.width), float(trim.height)), bleed, marks)
    sheet_w, sheet_h = at.sheet
    page_w, page_h = at.page

    sides = sheet_sides(len(reader.pages))
    placed: dict[int, tuple[int, Transformation]] = {}  # page index → (sheet side, transform)
    for i, side in enumerate(sides):
        for slot, number in enumerate(side):
            if number is None:
                continue
            page = reader.pages[number - 1]
            box = page.trimbox
            place = (Transformation().translate(-float(box.left), -float(box.bottom))
                     .scale(at.scale, at.scale).translate(at.x + slot * page_w, at.y))
            if flip == "long" and i % 2 == 1:
                place = place.rotate(180).translate(sheet_w, sheet_h)
            placed[number - 1] = (i, place)
            # pypdf clips a placed page to its CropBox: here its trim, widened by its bleed on
            # every side but the fold (slot 0 is the left-hand page, its fold on the right)
            left, bottom, right, top = (float(v) for v in (box.left, box.bottom, box.right, box.top))
            outer = (left - bleed, right) if slot == 0 else (left, right + bleed)
            page.cropbox = RectangleObject([outer[0], bottom - bleed, outer[1], top + bleed])
    targets = _name_destinations(reader)

    writer = PdfWriter()
    x0, y0, x1, y1 = at.spread
    for side in sides:
        sheet = writer.add_blank_page(sheet_w, sheet_h)
        for number in side:
            if number is not None:
                sheet.merge_transformed_page(reader.pages[number - 1], placed[number - 1][1])
        if at.marks:
            _draw_marks(writer, sheet, x0, y0, x1 - x0, y1 - y0, at.mark_offset)
            sheet[NameObject("/TrimBox")] = ArrayObject(FloatObject(round(v, 3)) for v in at.spread)
        if at.bleed:
            sheet[NameObject("/BleedBox")] = ArrayObject(FloatObject(round(v, 3)) for v in (
                x0 - at.bleed, y0 - at.bleed, x1 + at.bleed, y1 + at.bleed))
        sheet.compress_content_streams()
    for name, index, left, top in targets:
        side_index, place = placed[index]
        x, y = place.apply_on((left, top))
        writer.add_named_destination(name, side_index, Fit.xyz(x, y))
    _copy_document_info(reader, writer)
    out = BytesIO()
    writer.write(out)
    from handout.tagging.archive import archival

    return archival(out.getvalue(), "B")


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


def _draw_marks(writer, sheet, x: float, y: float, w: float, h: float, offset: float) -> None:
    """Trim marks at the four corners of the spread, and fold marks above and below its middle,
    each starting ``offset`` away from the spread (outside its bleed, when it has one)."""
    from pypdf.generic import ContentStream

    ops = ["q", "0.5 w", "0 0 0 RG"]
    for cx, dx in ((x, -1), (x + w, 1)):
        for cy, dy in ((y, -1), (y + h, 1)):
            ops.append(f"{cx + dx * offset:.2f} {cy:.2f} m "
                       f"{cx + dx * (offset + MARK_LENGTH):.2f} {cy:.2f} l S")
            ops.append(f"{cx:.2f} {cy + dy * offset:.2f} m "
                       f"{cx:.2f} {cy + dy * (offset + MARK_LENGTH):.2f} l S")
    fold = x + w / 2
    ops.append("[3 2] 0 d")
    for cy, dy in ((y, -1), (y + h, 1)):
        ops.append(f"{fold:.2f} {cy + dy * offset:.2f} m "
                   f"{fold:.2f} {cy + dy * (offset + MARK_LENGTH):.2f} l S")
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
