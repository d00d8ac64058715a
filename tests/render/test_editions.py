"""The booklet and the large-print edition as readers get them, read back from the PDFs."""

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from handout.build import build_clinic
from handout.catalog import WORDS
from tests.conftest import GUIDE, ROOT

SEED_TOOL = ROOT.parent / "shared" / "tools" / "seed_coverage.py"
SEED = ROOT.parent / "shared" / "seeds" / "000_3c639df1f53ac236.txt"
KINDS = ["handout", "booklet", "booklet-print", "large-print"]

SIZES = {  # points, rounded: (width, height) of every page
    "boulder": {"handout": (612, 792), "booklet": (396, 612), "booklet-print": (792, 612),
                "large-print": (612, 792)},
    "harbor-light": {"handout": (595, 842), "booklet": (420, 595), "booklet-print": (842, 595),
                     "large-print": (595, 842)},
}


def sizes(path):
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in PdfReader(str(path)).pages}


@pytest.mark.parametrize("clinic", SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_page_sizes(editions, clinic, kind):
    assert sizes(editions[clinic][kind]) == {SIZES[clinic][kind]}


def test_file_names(editions):
    assert {k: p.name for k, p in editions["boulder"].items()} == {
        "handout": "ketamine-benefits-risks.pdf",
        "booklet": "ketamine-benefits-risks-booklet.pdf",
        "booklet-print": "ketamine-benefits-risks-booklet-print.pdf",
        "large-print": "ketamine-benefits-risks-large-print.pdf"}


def test_booklet_pages_come_in_fours_and_none_is_blank(booklets):
    for (clinic, guide), path in booklets.items():
        _fours_and_none_blank(path, f"{clinic} × {guide}")


def _fours_and_none_blank(path, edition: str) -> None:
    pages = PdfReader(str(path)).pages
    assert len(pages) % 4 == 0 and len(pages) >= 4, edition
    designed = [WORDS["en"][k] for k in ("questions_heading", "journal_heading", "notes_heading")]
    for n, page in enumerate(pages, 1):
        text = page.extract_text()
        assert len(text.split()) > 15 or any(d in text for d in designed), \
            f"{edition}: page {n} is empty"


def test_booklet_cover_back_cover_and_patient_pages(editions):
    pages = [p.extract_text() for p in PdfReader(str(editions["boulder"]["booklet"])).pages]
    cover, back = " ".join(pages[0].split()), " ".join(pages[-1].split())
    for expected in ["Understanding Ketamine Benefits and Risks", "Patient guide",
                     "What to know, what to ask, and whom to call.", "Inside this guide",
                     "How Ketamine Works in the Brain", "(303) 555-0142"]:
        assert expected in cover, expected
    # Boulder's notice of language assistance (English and 15 languages) has pages of its own
    # before the back cover, which names their page; its notes on paying fit the back cover
    booklet = " ".join(" ".join(p.split()) for p in pages)
    for expected in ["Paying for treatment", "superbill", "Sliding scale"]:
        assert expected in booklet, expected
    notice = next(i for i, page in enumerate(pages, 1) if "Language assistance" in page)
    assert "ATENCIÓN" in " ".join(pages[notice - 1].split())
    for expected in ["Talk with Boulder Ketamine & Wellness", "Scan to book a visit",
                     "Pearl Street office", f"Free language assistance in 15 languages {notice}"]:
        assert expected in back, expected
    back_links = [a.get_object()["/A"]["/URI"] for a in
                  PdfReader(str(editions["boulder"]["booklet"])).pages[-1]["/Annots"]
                  if "/A" in a.get_object()]
    assert "https://boulderketamine.example/book" in back_links  # the QR code is a link too
    # the contents give the page each section starts on
    starts = {n: i for i, page in enumerate(pages, 1) for n in
              ["How Ketamine Works in the Brain", "Common Questions From Ketamine Patients"]
              if n in " ".join(page.split()) and i > 1}
    assert f"How Ketamine Works in the Brain {starts['How Ketamine Works in the Brain']}" in cover
    assert (f"Common Questions From Ketamine Patients "
            f"{starts['Common Questions From Ketamine Patients']}") in cover
    inside = " ".join(" ".join(page.split()) for page in pages[1:-1])
    # the guide and the notice's two pages with the back cover make twelve: no designed page
    assert len(pages) == 12 and "Questions for my provider" not in inside
    assert "Single IV ketamine infusion" in inside  # the fee table, where the guide has its panel
    assert inside.count("Talk with Boulder") == 0  # the contact panel is on the back cover only


def test_booklet_without_prices_says_whom_to_call_on_its_back_cover(editions):
    back = PdfReader(str(editions["willamette"]["booklet"])).pages[-1].extract_text()
    assert "does not publish fees" in " ".join(back.split())
    assert "Salem clinic" in back and "Eugene clinic" in back


def text_sizes(path):
    """(size in points as printed, text) of every piece of text, from the PDF's own matrices."""
    found = []
    for page in PdfReader(str(path)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                scale = abs(tm[3] * cm[3] + tm[1] * cm[2]) or abs(tm[0] * cm[0])
                found.append((round(size * scale, 2), text.strip()))
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("clinic", ["boulder", "willamette", "harbor-light"])
def test_large_print_has_no_text_under_18_points(editions, clinic):
    found = text_sizes(editions[clinic]["large-print"])
    assert len(found) > 200
    small = [(s, t) for s, t in found if s < 18]
    assert not small, small[:5]


def test_large_print_headings_are_larger_than_its_text(editions):
    found = text_sizes(editions["boulder"]["large-print"])
    def size_of(start):
        return max(s for s, t in found if t.startswith(start))

    body = size_of("Ketamine therapy isn’t one-size-fits-all.")
    assert body == 18
    for heading in ["How Ketamine Works in the", "Common Questions From", "How fast does ketamine"]:
        assert size_of(heading) >= body + 4, heading
    assert size_of("Understanding Ketamine") >= 30  # the title


def filled_shapes(page):
    """Page-space bounding box of every shape painted in a colour other than white."""
    shapes, colour, points, ctm, stack = [], (0.0, 0.0, 0.0), [], (1, 0, 0, 1, 0, 0), []

    def to_page(x, y):
        a, b, c, d, e, f = ctm
        return a * x + c * y + e, b * x + d * y + f

    for operands, op in page.get_contents().operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)
        elif op == b"rg":
            colour = tuple(round(float(v), 3) for v in operands)
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands)
            points += [to_page(x, y), to_page(x + w, y + h)]
        elif op in (b"m", b"l"):
            points.append(to_page(float(operands[0]), float(operands[1])))
        elif op == b"c":
            points.append(to_page(float(operands[4]), float(operands[5])))
        elif op in (b"f", b"f*", b"B", b"B*", b"b", b"b*", b"F"):
            if colour != (1.0, 1.0, 1.0) and points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                shapes.append((min(xs), min(ys), max(xs), max(ys)))
            points = []
        elif op in (b"S", b"n"):
            points = []
    return shapes


def text_positions(page):
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                          tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))
    page.extract_text(visitor_text=visit)
    return found


def text_over_fills(page):
    return [t for x, y, t in text_positions(page) for x0, y0, x1, y1 in filled_shapes(page)
            if x0 <= x <= x1 and y0 <= y <= y1]


@pytest.mark.parametrize("clinic", ["boulder", "willamette", "harbor-light"])
def test_large_print_prints_no_text_over_a_tint_or_picture(editions, clinic):
    for n, page in enumerate(PdfReader(str(editions[clinic]["large-print"])).pages, 1):
        assert not text_over_fills(page), (n, text_over_fills(page)[:3])


def test_the_handout_and_booklet_do_set_text_on_tints(editions):
    """The check above can fail: the other editions print their cards on a tint."""
    for kind in ("handout", "booklet"):
        pages = PdfReader(str(editions["boulder"][kind])).pages
        assert any(text_over_fills(page) for page in pages), kind


@pytest.mark.slow
@pytest.mark.skipif(not SEED_TOOL.exists() or not shutil.which("pdftotext"),
                    reason="needs ../shared/tools/seed_coverage.py and poppler-utils")
@pytest.mark.parametrize("kind", KINDS)
def test_every_seed_sentence_in_every_boulder_edition(editions, kind):
    result = subprocess.run(["python3", str(SEED_TOOL), str(SEED), str(editions["boulder"][kind]),
                             "--clinic"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(not shutil.which("qpdf"), reason="needs qpdf")
@pytest.mark.parametrize("clinic", ["boulder", "willamette", "harbor-light"])
def test_qpdf_finds_nothing_wrong(editions, clinic):
    for kind in KINDS:
        result = subprocess.run(["qpdf", "--check", str(editions[clinic][kind])],
                                capture_output=True, text=True)
        assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, (
            kind, result.stdout[-300:])


def test_every_font_embedded_in_every_edition(editions):
    for clinic in editions.values():
        for path in clinic.values():
            for page in PdfReader(str(path)).pages:
                for ref in page["/Resources"]["/Font"].values():
                    assert "/FontFile2" in ref.get_object()["/FontDescriptor"].get_object()


def test_identical_input_gives_identical_booklets(project, editions, tmp_path):
    again = {o.format: o.path for o in build_clinic(project, "boulder", [GUIDE], tmp_path,
                                                    ["booklet"])}
    for kind in ("booklet", "booklet-print"):
        assert again[kind].read_bytes() == editions["boulder"][kind].read_bytes(), kind


def test_the_catalog_speaks_spanish_wherever_it_speaks_english():
    assert set(WORDS["es"]) == set(WORDS["en"])
    for key, text in WORDS["en"].items():
        assert sorted(re.findall(r"\{\w+\}", text)) == sorted(re.findall(r"\{\w+\}", WORDS["es"][key])), key
        assert text.count("|") == WORDS["es"][key].count("|"), key
