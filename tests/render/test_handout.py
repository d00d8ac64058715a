"""The handout as a reader gets it: text, clinic details, links, fonts, metadata, pages."""

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from handout import inline
from handout.build import build_clinic
from handout.model.guide import Callout, Faq, Items, Paragraph, Quote, Section
from handout.model.parts import walk
from tests.conftest import GUIDE, ROOT, pdf_text

SEED_TOOL = ROOT.parent / "shared" / "tools" / "seed_coverage.py"
SEED = ROOT.parent / "shared" / "seeds" / "000_3c639df1f53ac236.txt"


def squash(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def guide_sentences(project) -> list[str]:
    """Every sentence of the guide's own text, markup removed."""
    guide = project.guide(GUIDE).value
    texts = []
    for _, block in walk(guide.blocks):
        if isinstance(block, (Paragraph, Quote, Callout)):
            texts.append(block.text)
        if isinstance(block, Section):
            texts.append(block.heading)
        if isinstance(block, Items):
            texts += [block.heading, block.intro or ""]
            texts += [t for item in block.items for t in (item.title, item.body)]
        if isinstance(block, Faq):
            texts += [block.heading] + [t for e in block.entries for t in (e.question, e.answer)]
    sentences = []
    for text in texts:
        plain = inline.plain(inline.parse(text))
        sentences += [s for s in re.split(r"(?<=[.?!])\s+", squash(plain)) if len(s) > 3]
    return sentences


def test_every_guide_sentence_is_in_every_clinic_edition(project, built):
    sentences = guide_sentences(project)
    assert len(sentences) > 80
    for clinic, path in built.items():
        text = re.sub(r" \[\d+\]", "", squash(pdf_text(path))).replace("- ", "-")
        missing = [s for s in sentences
                   if re.sub(r"\s+([,.])", r"\1", s).rstrip(".").replace("- ", "-") not in text]
        assert not missing, (clinic, missing[:3])


@pytest.mark.skipif(not SEED_TOOL.exists() or not shutil.which("pdftotext"),
                    reason="needs ../shared/tools/seed_coverage.py and poppler-utils")
def test_seed_coverage_tool_finds_every_sentence(built):
    result = subprocess.run(["python3", str(SEED_TOOL), str(SEED), str(built["boulder"]),
                             "--clinic"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_clinic_details_and_pricing_are_printed(built):
    text = pdf_text(built["boulder"])
    for expected in ["Boulder Ketamine & Wellness", "(303) 555-0142", "care@boulderketamine.example",
                     "2400 Pearl Street, Suite 210", "Single IV ketamine infusion", "$475",
                     "superbill", "Sliding scale", "Bring a support person"]:
        assert expected in text, expected


def test_clinic_without_prices_says_whom_to_call(built):
    text = pdf_text(built["willamette"])
    assert "does not publish fees in this guide. Call (503) 555-0118" in text
    assert "Salem clinic" in text and "Eugene clinic" in text


def test_pricing_appears_where_the_guide_talks_about_cost(built):
    text = pdf_text(built["boulder"])
    costs = text.index("Costs Can Add Up")
    insurance = text.index("Is ketamine therapy covered by insurance?")
    after_costs = text[costs:costs + 900]
    after_insurance = text[insurance:insurance + 900]
    assert "At Boulder Ketamine & Wellness" in after_costs and "Payment plans." in after_costs
    assert "At Boulder Ketamine & Wellness" in after_insurance and "Insurance." in after_insurance


@pytest.mark.parametrize("clinic, size", [("boulder", (612, 792)), ("harbor-light", (595, 842))])
def test_paper_size(built, clinic, size):
    for page in PdfReader(str(built[clinic])).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size


def test_footer_counts_pages(built):
    reader = PdfReader(str(built["boulder"]))
    total = len(reader.pages)
    for n, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"Page {n} of" in text and "Boulder Ketamine" in text and "(303) 555-0142" in text
    # the total is drawn from a form XObject: check the form's content holds the right number
    form = reader.pages[0]["/Resources"]["/XObject"]
    totals = [x.get_object().get_data().decode("latin-1") for x in form.values()
              if b"Tj" in x.get_object().get_data()]
    assert any(f"({total})" in t for t in totals)


def test_every_font_is_embedded(built):
    for path in built.values():
        reader = PdfReader(str(path))
        for page in reader.pages:
            fonts = page["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None, font["/BaseFont"]
                assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]


def test_links_are_clickable(built):
    uris = set()
    for page in PdfReader(str(built["boulder"])).pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(action["/URI"])
    assert {"tel:+13035550142", "mailto:care@boulderketamine.example",
            "https://boulderketamine.example", "https://boulderketamine.example/book"} <= uris


def test_document_information(built):
    reader = PdfReader(str(built["boulder"]))
    info = reader.metadata
    assert info.title == "Understanding Ketamine Benefits and Risks: A Patient Guide"
    assert info.author == "Boulder Ketamine & Wellness"
    assert info.subject and "ketamine" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "How Ketamine Works in the Brain" in titles
    assert "Common Questions From Ketamine Patients" in titles


def test_small_file(built):
    for path in built.values():
        assert path.stat().st_size < 300 * 1024


def test_identical_input_gives_identical_bytes(project, tmp_path, built):
    again = build_clinic(project, "boulder", [GUIDE], tmp_path, formats=["handout"])[0].path
    assert again.read_bytes() == built["boulder"].read_bytes()


def test_source_date_epoch_sets_the_creation_date(tmp_path):
    import os
    import sys

    def build(epoch: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "handout", "build", "--clinic", "boulder",
                               "--format", "handout", "--out", str(tmp_path)], cwd=ROOT,
                              env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
                              capture_output=True, text=True)

    assert build("1767225600").returncode == 0  # 2026-01-01
    pdf = PdfReader(str(tmp_path / "boulder" / f"{GUIDE}.pdf"))
    assert pdf.metadata["/CreationDate"] == pdf.metadata["/ModDate"] == "D:20260101000000+00'00'"
    assert "2026-01-01T00:00:00" in pdf.xmp_metadata.xmp_create_date.isoformat()
    bad = build("yesterday")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds" in bad.stderr


@pytest.mark.skipif(not shutil.which("qpdf"), reason="needs qpdf")
def test_qpdf_finds_no_problems(built):
    for path in built.values():
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
