"""The imposed booklet as a printer gets it: each half of each sheet side is the right page."""

import hashlib
import re
from collections import Counter

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream

from handout.build import build_clinic
from handout.impose import sheet_sides
from tests.conftest import GUIDE


def fragments(page, sheet_width=None):
    """Text shown on ``page`` in drawing order; with ``sheet_width``, split into left and right
    halves by where each piece lands on the sheet (text matrix × current transformation)."""
    halves = ([], [])

    def visit(text, cm, tm, font, size):
        # bare numbers are left out: the cover's contents draw theirs from forms, whose text
        # pypdf reports in the form's own coordinates rather than the sheet's
        if not text.strip() or text.strip().isdigit():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        side = 0 if sheet_width is None or x < sheet_width / 2 else 1
        halves[side].append(text.strip())

    page.extract_text(visitor_text=visit)
    return halves


@pytest.fixture(scope="module")
def long_flip(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("long")
    outputs = build_clinic(project, "boulder", [GUIDE], out, ["booklet"], flip="long")
    return {o.format: o.path for o in outputs}


@pytest.mark.parametrize("clinic", ["boulder", "willamette", "harbor-light"])
def test_sheet_halves_hold_the_booklet_pages_in_saddle_stitch_order(editions, clinic):
    booklet = PdfReader(str(editions[clinic]["booklet"]))
    sheets = PdfReader(str(editions[clinic]["booklet-print"]))
    pages = [fragments(p)[0] for p in booklet.pages]
    sides = sheet_sides(len(pages))
    assert len(sheets.pages) == len(sides)
    for sheet, (left, right) in zip(sheets.pages, sides, strict=True):
        got_left, got_right = fragments(sheet, float(sheet.mediabox.width))
        assert got_left == pages[left - 1], (left, got_left[:3])
        assert got_right == pages[right - 1], (right, got_right[:3])


def test_long_edge_flip_turns_every_back_side(long_flip):
    booklet = PdfReader(str(long_flip["booklet"]))
    sheets = PdfReader(str(long_flip["booklet-print"]))
    pages = [fragments(p)[0] for p in booklet.pages]
    for i, (sheet, (left, right)) in enumerate(zip(sheets.pages, sheet_sides(len(pages)), strict=True)):
        got_left, got_right = fragments(sheet, float(sheet.mediabox.width))
        if i % 2:  # turned 180°: the right-hand page now lies on the left half, upside down
            assert (got_left, got_right) == (pages[right - 1], pages[left - 1])
        else:
            assert (got_left, got_right) == (pages[left - 1], pages[right - 1])
    upside_down = []
    sheets.pages[1].extract_text(visitor_text=lambda t, cm, tm, f, s: upside_down.append(
        cm[0] * tm[0] < 0) if t.strip() else None)
    assert upside_down and all(upside_down)


def test_links_and_destinations_follow_the_pages(editions):
    sheets = PdfReader(str(editions["boulder"]["booklet-print"]))
    uris = {}
    for n, sheet in enumerate(sheets.pages):
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        for annot in sheet.get("/Annots", []) or []:
            a = annot.get_object()
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
            if "/URI" in a.get("/A", {}):
                uris.setdefault(a["/A"]["/URI"], []).append((n, x0))
    # the back cover (left half of the first sheet side) keeps its phone, email and booking links
    for uri in ("tel:+13035550142", "mailto:care@boulderketamine.example",
                "https://boulderketamine.example/book"):
        assert any(n == 0 and x < width / 2 for n, x in uris.get(uri, [])), uri
    # each citation [n] jumps to where entry n of the source list now lies on its sheet side
    names = sheets.named_destinations
    citations = [(a.get_object()["/Contents"], names[a.get_object()["/Dest"]])
                 for sheet in sheets.pages for a in sheet.get("/Annots", []) or []
                 if "/Dest" in a.get_object()]
    booklet = PdfReader(str(editions["boulder"]["booklet"]))
    assert len(citations) == sum(1 for page in booklet.pages for a in page.get("/Annots", []) or []
                                 if "/Dest" in a.get_object()) > 5
    for label, dest in citations:
        number = re.fullmatch(r"\[(\d+)\]", label).group(1)
        target = sheets.pages[sheets.get_destination_page_number(dest)]
        below = sorted((float(dest.top) - y, text) for x, y, text in positions(target)
                       if abs(x - float(dest.left)) < 0.5 and y < float(dest.top))
        assert below and below[0][0] < 20 and re.match(rf"{number}\.\s", below[0][1]), (
            label, below[:1])


def positions(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of each piece of text on a sheet side."""
    return [(x, y, text) for x, y, _, text in printed(page)]


def pictures(page_or_form) -> Counter:
    """(width, height, digest of the pixels) of every picture drawn from ``page_or_form``: image
    XObjects of its resources, forms followed into their own resources, and inline images."""
    found: Counter = Counter()
    for _, op in ContentStream(page_or_form.get_contents() if isinstance(page_or_form, PageObject)
                               else page_or_form, None).operations:
        if op == b"INLINE IMAGE":
            found["inline image"] += 1
    resources = page_or_form.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    for ref in (xobjects or {}).values():
        xobject = ref.get_object()
        if xobject["/Subtype"] == "/Image":
            found[(xobject["/Width"], xobject["/Height"],
                   hashlib.sha256(xobject.get_data()).hexdigest())] += 1
        else:
            assert xobject["/Subtype"] == "/Form", xobject["/Subtype"]
            found += pictures(xobject)
    return found


@pytest.mark.parametrize("clinic", ["boulder", "willamette"])  # an SVG logo, a PNG logo
def test_nothing_is_rasterised(editions, clinic):
    """Each sheet side draws the pictures of the booklet pages it carries, and no other: a page
    placed as a picture of itself would add one."""
    booklet = PdfReader(str(editions[clinic]["booklet"]))
    sheets = PdfReader(str(editions[clinic]["booklet-print"]))
    sides = sheet_sides(len(booklet.pages))
    everywhere = Counter()
    for n, (sheet, side) in enumerate(zip(sheets.pages, sides, strict=True)):
        carried = sum((pictures(booklet.pages[p - 1]) for p in side if p is not None), Counter())
        assert pictures(sheet) == carried, (n, side)
        everywhere += carried
    assert bool(everywhere) == (clinic == "willamette")  # the check sees a picture where one is


def test_shared_embedded_fonts(editions):
    sheets = PdfReader(str(editions["boulder"]["booklet-print"]))
    fonts = set()
    for sheet in sheets.pages:
        for ref in sheet["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            fonts.add(ref.idnum)
    assert len(fonts) <= 8  # one embedded subset per face, shared by all sheets


def printed(page) -> list[tuple[float, float, float, str]]:
    """(x, y, size as printed, text) of each piece of text on ``page``, in drawing order (bare
    numbers left out, as in ``fragments``)."""
    found = []

    def visit(text, cm, tm, font, size):
        if not text.strip() or text.strip().isdigit():
            return
        a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                      tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        found.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                      size * abs(a * d - b * c) ** 0.5, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def lines(page) -> list[tuple[float, float, float, float, bool]]:
    """(x0, y0, x1, y1, dashed) of each straight line stroked on the sheet itself, outside the
    placed pages (which are drawn inside ``q … cm … Q``)."""
    found, depth, dashed, start = [], 0, False, None
    for operands, op in page.get_contents().operations:
        if op == b"q":
            depth += 1
        elif op == b"Q":
            depth -= 1
        elif depth == 1 and op == b"d":
            dashed = bool(operands[0])
        elif depth == 1 and op == b"m":
            start = tuple(float(v) for v in operands)
        elif depth == 1 and op == b"l":
            found.append((*start, *(float(v) for v in operands), dashed))
    return found


def test_marks_shrink_the_pages_inside_the_sheet(project, editions, tmp_path):
    outputs = build_clinic(project, "boulder", [GUIDE], tmp_path, ["booklet"], marks=True)
    marked = PdfReader(str(outputs[1].path)).pages
    plain = PdfReader(str(editions["boulder"]["booklet-print"])).pages
    assert len(marked) == len(plain)
    for n, (sheet, without) in enumerate(zip(marked, plain, strict=True)):
        segments = lines(sheet)
        trim = [s for s in segments if not s[4]]
        fold = [s for s in segments if s[4]]
        xs = sorted({x0 for x0, _, x1, _, _ in trim if x0 == x1})  # vertical marks: the sides
        ys = sorted({y0 for _, y0, _, y1, _ in trim if y0 == y1})  # horizontal: top and bottom
        assert len(trim) == 8 and len(xs) == 2 and len(ys) == 2, (n, segments)
        (left, right), (bottom, top) = xs, ys
        middle = (left + right) / 2  # dashed fold marks above and below the middle
        assert len(fold) == 2 and all(abs(x0 - middle) < 0.01 and abs(x1 - middle) < 0.01
                                      for x0, _, x1, _, _ in fold), (n, fold)
        for x0, y0, x1, y1, _ in segments:  # every mark outside the trimmed spread
            assert not (left < (x0 + x1) / 2 < right and bottom < (y0 + y1) / 2 < top), n
        text, full = printed(sheet), printed(without)
        assert len(text) == len(full) > 20, n
        assert all(left < x < right and bottom < y < top for x, y, _, _ in text), n
        pairs = zip(text, full, strict=True)
        scales = {round(size / was, 3) for (_, _, size, t), (_, _, was, u) in pairs if t == u}
        assert len(scales) == 1 and 0.85 < scales.pop() < 1, n  # every page shrunk alike
    assert float(marked[0].mediabox.width) == float(plain[0].mediabox.width) == 2 * 396
