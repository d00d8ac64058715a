"""``handout build --bleed``: files a print shop can print on larger paper and trim.

Read back from the PDFs: the boxes of every page and sheet; the colour that runs past the trim,
seen by rendering; text kept 0.25 in inside the trim (poppler's word boxes); crop marks outside
the bleed; and the tagged structure still valid PDF/UA-1.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from handout.build import build_clinic
from handout.layout.formats.edges import OFFICE_SAFE
from tests.conftest import GUIDE, ROOT
from tests.print.pixels import Box, Raster, needs_poppler, render

pytestmark = needs_poppler

CLINICS = {"boulder": ("letter", 0.125 * 72, "#1D5B79"), "harbor-light": ("a4", 3 / 25.4 * 72, "#F2A900")}
TRIMMED = {  # points: the trimmed page of each edition
    "letter": {"handout": (612, 792), "booklet": (396, 612), "booklet-print": (792, 612)},
    "a4": {"handout": (595.28, 841.89), "booklet": (419.53, 595.28), "booklet-print": (839.06, 595.28)},
}


@pytest.fixture(scope="module")
def shop(print_shop):
    """clinic → edition → path of GUIDE's print-shop editions (the session's shared build)."""
    return {clinic: print_shop[(clinic, GUIDE, "en")] for clinic in CLINICS}


def _box(value) -> Box:
    return tuple(round(float(v), 2) for v in value)  # type: ignore[return-value]


def _grow(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _close(a: Box, b: Box) -> bool:
    return all(abs(x - y) < 0.02 for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("edition", ["handout", "booklet"])
def test_every_page_has_its_trim_and_bleed(shop, clinic, edition):
    paper, bleed, _ = CLINICS[clinic]
    width, height = TRIMMED[paper][edition]
    for page in PdfReader(str(shop[clinic][edition])).pages:
        trim = _box(page.trimbox)
        assert abs(trim[2] - trim[0] - width) < 0.02 and abs(trim[3] - trim[1] - height) < 0.02
        assert _close(_box(page.bleedbox), _grow(trim, bleed))
        assert _close(_box(page.mediabox), _box(page.bleedbox))
        assert "/TrimBox" in page and "/BleedBox" in page  # written, not defaults


@pytest.mark.parametrize("clinic", CLINICS)
def test_every_sheet_has_the_spread_trim_bleed_and_room_for_marks(shop, clinic):
    paper, bleed, _ = CLINICS[clinic]
    width, height = TRIMMED[paper]["booklet"]
    for sheet in PdfReader(str(shop[clinic]["booklet-print"])).pages:
        trim, bleed_box, media = _box(sheet.trimbox), _box(sheet.bleedbox), _box(sheet.mediabox)
        assert abs(trim[2] - trim[0] - 2 * width) < 0.05 and abs(trim[3] - trim[1] - height) < 0.05
        assert _close(bleed_box, _grow(trim, bleed))
        assert all(abs(m - b) >= 15 for m, b in zip(media, bleed_box, strict=True))  # the marks


def _is(colour, hex_colour: str) -> bool:
    want = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= 4 for a, b in zip(colour, want, strict=True))


WHITE = "#FFFFFF"


@pytest.mark.parametrize("clinic", CLINICS)
def test_bands_run_past_the_trim_into_the_bleed(shop, clinic):
    _, bleed, brand = CLINICS[clinic]
    pages = render(shop[clinic]["handout"], 72, grey=False)
    for page in pages[:2]:  # the tall band of page 1, the thin one of the pages after it
        x0, y0, x1, y1 = page.trim
        for x in (page.media[0] + 1, x0 + 40, (x0 + x1) / 2, x1 + bleed - 1):
            assert _is(page.colour(x, y1 + bleed / 2), brand), (x, page.colour(x, y1 + bleed / 2))
            assert _is(page.colour(x, y1 - 1.5), brand)
        assert _is(page.colour(x0 - bleed / 2, (y0 + y1) / 2), WHITE)  # nothing else bleeds

    cover, *_, back = render(shop[clinic]["booklet"], 72, grey=False)
    assert _is(cover.colour(cover.media[0] + 1, cover.media[3] - 1), brand)
    assert _is(cover.colour(cover.media[2] - 1, cover.media[3] - 1), brand)
    assert _is(back.colour(back.media[0] + 1, back.media[1] + 1), brand)
    assert _is(back.colour(back.media[2] - 1, back.media[1] + 1), brand)


@pytest.mark.parametrize("clinic", CLINICS)
def test_imposed_pages_bleed_on_their_outer_sides_and_meet_at_the_fold(shop, clinic):
    _, bleed, brand = CLINICS[clinic]
    first = render(shop[clinic]["booklet-print"], 72, grey=False)[0]  # back cover | cover
    x0, y0, x1, y1 = first.trim
    fold = (x0 + x1) / 2
    assert _is(first.colour(x1 + bleed / 2, y1 + bleed / 2), brand)  # the cover's band, top right
    assert _is(first.colour(x0 - bleed / 2, y0 - bleed / 2), brand)  # the back's band, bottom left
    assert _is(first.colour(fold + 3, y1 - 3), brand)  # the cover's band starts at the fold...
    assert _is(first.colour(fold - 3, y1 - 3), WHITE)  # ...and does not run into the back cover
    assert _is(first.colour(fold - 3, y1 + bleed / 2), WHITE)
    assert _is(first.colour(x0 - bleed / 2, y1 + bleed / 2), WHITE)  # no mark inside the bleed
    assert _is(first.colour(x1 + bleed / 2, y0 - bleed / 2), WHITE)


def _without(page: Raster, area: Box, lines: list[Box]) -> Box | None:
    """Ink in ``area`` once the mark lines are blanked out."""
    image = page.image.copy()
    for line in lines:
        image.paste(255, page.pixels(line))
    return Raster(image, page.dpi, page.media, page.trim, page.bleed).ink(area)


@pytest.mark.parametrize("clinic", CLINICS)
def test_crop_and_fold_marks_stand_outside_the_bleed(shop, clinic):
    for page in render(shop[clinic]["booklet-print"], 72):
        (mx0, my0, mx1, my1), (bx0, by0, bx1, by1) = page.media, page.bleed
        tx0, ty0, tx1, ty1 = page.trim
        fold, w = (tx0 + tx1) / 2, 1.5
        # the margin outside the bleed (1 pt off it: a band bleeds right up to it)
        above, below = (mx0, by1 + 1, mx1, my1), (mx0, my0, mx1, by0 - 1)
        left, right = (mx0, by0, bx0 - 1, by1), (bx1 + 1, by0, mx1, by1)
        for area, positions in ((above, (tx0, fold, tx1)), (below, (tx0, fold, tx1))):
            lines = [(x - w, area[1], x + w, area[3]) for x in positions]
            assert all(page.ink(line) for line in lines)  # a mark on each line of the trim
            assert _without(page, area, lines) is None  # and nothing else
        for area in (left, right):
            lines = [(area[0], y - w, area[2], y + w) for y in (ty0, ty1)]
            assert all(page.ink(line) for line in lines)
            assert _without(page, area, lines) is None
        # each mark begins a little way outside the bleed, never in it
        for x in (tx0, tx1):
            assert page.ink((x - w, by1 + 1, x + w, by1 + 2.5)) is None
            assert page.ink((x - w, by0 - 2.5, x + w, by0 - 1)) is None


def _words(pdf) -> list[list[tuple[str, Box]]]:
    """Each page's words, with boxes in PDF points (poppler's boxes hold the font's ascent and
    descent, so they are taller than the ink)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        height = float(page[1])
        pages.append([(html.unescape(t), (float(a), height - float(d), float(c), height - float(b)))
                      for a, b, c, d, t in re.findall(
                          r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)<',
                          page[2])])
    return pages


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("edition", ["handout", "booklet", "booklet-print"])
def test_text_stays_a_quarter_inch_inside_the_trim(shop, clinic, edition):
    pdf = shop[clinic][edition]
    pages = _words(pdf)
    assert sum(len(words) for words in pages) > 500
    for n, (words, page) in enumerate(zip(pages, PdfReader(str(pdf)).pages, strict=True), 1):
        x0, y0, x1, y1 = _box(page.trimbox)
        near = [(word, box) for word, box in words if min(
            box[0] - x0, box[1] - y0, x1 - box[2], y1 - box[3]) < OFFICE_SAFE]
        assert not near, (edition, n, near[:3])


def test_large_print_is_always_for_the_office(project, editions, tmp_path):
    (output,) = build_clinic(project, "harbor-light", [GUIDE], tmp_path, formats=["large-print"],
                             bleed=True)
    assert output.path.read_bytes() == editions["harbor-light"]["large-print"].read_bytes()


def test_the_command_line_builds_for_a_print_shop(tmp_path):
    result = subprocess.run([sys.executable, "-m", "handout", "build", "--clinic", "boulder",
                             "--format", "handout", "--bleed", "--out", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = PdfReader(str(tmp_path / "boulder" / f"{GUIDE}.pdf")).pages[0]
    assert _box(page.trimbox) == (9, 9, 621, 801) and _box(page.mediabox) == (0, 0, 630, 810)


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["handout", "booklet"])
def test_print_shop_editions_are_still_pdf_ua_1(shop, edition):
    page_validation = pytest.importorskip("page", reason="needs the page-validation package")
    for clinic in CLINICS:
        report = page_validation.validate_pdf(shop[clinic][edition], profile="ua1")
        failures = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
        assert report.is_compliant and not failures, (clinic, edition, failures[:10])
