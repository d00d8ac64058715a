"""The Spanish first-visit sheet: the translation and each clinic's own Spanish arrival, parking
and visit text, read back from the PDFs; two pages, like the English sheet; PDF/UA-1."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from handout.build import build_clinic
from handout.model import parts
from handout.project import Project
from tests.conftest import ROOT
from tests.languages.test_spanish_editions import joined, pdftotext, sentences

GUIDE = "first-visit"
#: the blocks every shipped clinic puts in place of the sheet's own (harbor-light: three of them)
REPLACED = {"arrival-time", "parking", "first-visit-length", "what-we-provide"}


@pytest.fixture(scope="module")
def sheets(project, tmp_path_factory):
    """clinic → {edition: path} of the Spanish first-visit sheet."""
    out = tmp_path_factory.mktemp("fv-es")
    return {clinic: {m.format: m.path for m in build_clinic(
        project, clinic, [GUIDE], out, ["handout", "large-print"], languages=("es",))}
        for clinic in project.clinic_names()}


def spanish_sentences(clinic: str) -> list[str]:
    """Every sentence the Spanish sheet of ``clinic`` prints: the translation's, with the blocks
    the clinic replaces taken from its Spanish text."""
    project = Project.at(ROOT)
    guide = project.guide(GUIDE, "es").value
    own = project.clinic(clinic).value.es
    assert own is not None
    theirs = {b.id: b for b in own.guides[GUIDE].blocks}
    out = []
    for _, block in parts.walk(guide.blocks):
        if block.kind == "section":
            continue
        block = theirs.get(block.id, block)
        for text in parts.words(block):
            out += sentences(text)  # markup removed; a placeholder such as the phone, too
    return out


@pytest.mark.parametrize("clinic", ["boulder", "harbor-light", "willamette"])
def test_every_sentence_in_spanish_and_no_english(sheets, clinic):
    printed = joined(pdftotext(sheets[clinic]["handout"]))
    phone = Project.at(ROOT).clinic(clinic).value.contact.phone
    without_phone = " ".join(printed.replace(phone, "").split())
    wanted = spanish_sentences(clinic)
    missing = [s for s in wanted if " ".join(s.split()) not in without_phone]
    assert not missing, missing[:5]
    assert len(wanted) > 25
    for english in ("Please come", "Park", "We have water", "Your first visit", "What to Bring",
                    "Need to change", "crisis Lifeline", "Page 1 of"):
        assert english not in printed, english
    pages = [p.extract_text() for p in PdfReader(str(sheets[clinic]["handout"])).pages]
    colophon = next(i for i, text in enumerate(pages) if "Edición para" in text)
    assert colophon + 1 <= 2  # two pages, as in English, and then the clinic's notice of
    assert len(pages) <= 2 + (Project.at(ROOT).clinic(clinic).value.language_assistance  # its
                              is not None)  # languages, if it has one
    assert f"Página 1 de {len(pages)}" in printed


page = pytest.importorskip("page", reason="needs the page-validation package")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["handout", "large-print"])
def test_the_spanish_sheet_passes_pdf_ua_1(sheets, kind):
    report = page.validate_pdf(sheets["willamette"][kind], profile="ua1")
    failures = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.is_compliant and not failures, failures[:10]
