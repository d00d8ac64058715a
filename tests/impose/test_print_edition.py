"""The imposed booklet as a printer gets it: each half of each sheet side is the right page."""

import pytest
from pypdf import PdfReader

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
    # citations link to the source list, now on whichever sheet side holds that page
    names = sheets.named_destinations
    listing = next(n for n, sheet in enumerate(sheets.pages)
                   if "1. Translational Psychiatry" in sheet.extract_text())
    citations = [a.get_object()["/Dest"] for sheet in sheets.pages
                 for a in sheet.get("/Annots", []) or [] if "/Dest" in a.get_object()]
    booklet = PdfReader(str(editions["boulder"]["booklet"]))
    assert len(citations) == sum(1 for page in booklet.pages for a in page.get("/Annots", []) or []
                                 if "/Dest" in a.get_object()) > 5
    for name in citations:
        assert sheets.get_destination_page_number(names[name]) == listing


def test_vector_pages_with_shared_embedded_fonts(editions):
    sheets = PdfReader(str(editions["boulder"]["booklet-print"]))
    fonts = set()
    for sheet in sheets.pages:
        resources = sheet["/Resources"]
        assert "/Image" not in str(resources.get("/XObject", {}))  # nothing was rasterised
        for ref in resources["/Font"].values():
            font = ref.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            fonts.add(ref.idnum)
    assert len(fonts) <= 8  # one embedded subset per face, shared by all sheets


def test_marks_shrink_the_pages_inside_the_sheet(project, tmp_path):
    outputs = build_clinic(project, "boulder", [GUIDE], tmp_path, ["booklet"], marks=True)
    sheets = PdfReader(str(outputs[1].path))
    data = sheets.pages[0].get_contents().get_data()
    assert b"[3 2] 0 d" in data  # the dashed fold marks
    assert sheets.pages[0].extract_text().count("Boulder Ketamine") >= 1
