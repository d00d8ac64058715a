"""The Spanish editions as a Spanish-speaking patient gets them, read back from the PDFs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pikepdf
import pytest

from handout.build import build_clinic
from handout.catalog import WORDS
from handout.model import parts
from handout.outputs import FILES
from tests.conftest import GUIDE, ROOT

KINDS = ["handout", "booklet", "booklet-print", "large-print"]


@pytest.fixture(scope="module")
def spanish(project, tmp_path_factory):
    """clinic → {edition: path} of every shipped clinic's Spanish editions."""
    out = tmp_path_factory.mktemp("es")
    return {clinic: {m.format: m.path for m in build_clinic(project, clinic, [GUIDE], out,
                                                            languages=("es",))}
            for clinic in project.clinic_names()}


def pdftotext(path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext")
    return subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def joined(text: str) -> str:
    """Text as read: words broken by hyphenation at a line's end joined, whitespace collapsed."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return " ".join(text.split())


def test_file_names(spanish):
    assert {k: p.name for k, p in spanish["boulder"].items()} == {
        "handout": f"{GUIDE}.es.pdf", "booklet": f"{GUIDE}-booklet.es.pdf",
        "booklet-print": f"{GUIDE}-booklet-print.es.pdf",
        "large-print": f"{GUIDE}-large-print.es.pdf"}
    assert FILES["handout"].pdf(GUIDE) == f"{GUIDE}.pdf"  # English names are as they were


@pytest.mark.parametrize("clinic", ["boulder", "harbor-light", "willamette"])
def test_tagged_spanish_for_the_us(spanish, clinic):
    for kind in ("handout", "booklet", "large-print"):
        with pikepdf.open(spanish[clinic][kind]) as pdf:
            assert str(pdf.Root.Lang) == "es-US"


def uncited(text: str) -> str:
    """Text without its citations: "[1]" in the PDF, nothing in the guide's plain text."""
    return re.sub(r"\s+([.,;:])", r"\1", re.sub(r"\[\d+\]", "", text))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!»])\s+", " ".join(text.split())) if len(s) > 3]


def translation_sentences() -> list[str]:
    """Every sentence of the Spanish guide's prose, as printed (markup and citations removed)."""
    from handout.project import Project

    guide = Project.at(ROOT).guide(GUIDE, "es").value
    out = []
    for block in guide.blocks:
        if block.generated:
            continue
        for text in parts.words(block):
            out += sentences(text)
    return out


@pytest.mark.parametrize("kind", ["handout", "booklet", "large-print"])
def test_every_sentence_of_the_translation_is_printed(spanish, kind):
    printed = uncited(joined(pdftotext(spanish["boulder"][kind])))
    missing = [s for s in translation_sentences() if uncited(s) not in printed]
    assert not missing, missing[:5]
    assert len(translation_sentences()) > 100


#: English words of our catalog that are no Spanish words too (Spanish shares "Email", the
#: bullet, "{n}." and the like)
def english_words() -> set[str]:
    out = set()
    for key, english in WORDS["en"].items():
        if english == WORDS["es"][key]:
            continue
        for piece in re.split(r"\{\w+\}|\|", english):
            piece = piece.strip(" .,:?")
            if len(piece) >= 4 and piece not in ("Email",):
                out.add(piece)
    return out


@pytest.mark.parametrize("clinic", ["boulder", "harbor-light", "willamette"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_english_is_left(spanish, clinic, kind):
    printed = joined(pdftotext(spanish[clinic][kind]))
    left = sorted(w for w in english_words() if w in printed)
    assert not left, left
    # and the clinic's own English text is replaced by its Spanish text
    for english in ("Pearl Street office", "superbill", "Monday", "Bring a support person",
                    "Sliding scale", "general information only", "Integration therapy"):
        assert english not in printed, english


def test_spanish_from_cover_to_colophon(spanish):
    text = joined(pdftotext(spanish["boulder"]["handout"]))
    for expected in ["Guía para pacientes", "Beneficios y riesgos de la ketamina",
                     "Página 1 de", "Hable con Boulder Ketamine & Wellness", "Escanee para pedir",
                     "Tarifas y pagos en", "Consulta y evaluación médica", "Fuentes",
                     "Revisado el 1 de noviembre de 2026", "próxima revisión 1 de noviembre de 2027",
                     "Venga con una persona de apoyo", "Oficina de Pearl Street",
                     "Traducción: Proyecto handout",
                     "aún sin revisar por un traductor calificado"]:
        assert expected in text, expected
    booklet = joined(pdftotext(spanish["boulder"]["booklet"]))
    for expected in ["En esta guía", "Cómo pagar el tratamiento"]:
        assert expected in booklet, expected
    designed = [WORDS["es"][k] for k in ("questions_heading", "journal_heading", "notes_heading")]
    pages = joined(pdftotext(spanish["willamette"]["booklet"]))
    assert any(d in booklet or d in pages for d in designed)


def test_spanish_text_is_hyphenated_but_not_in_large_print(spanish):
    from tests.render.visible import lines

    def broken(path) -> int:  # lines drawn ending in a word broken after a hyphen
        return sum(1 for line in lines(path) if re.search(r"[a-záéíóúñ]-$", line.text))

    assert broken(spanish["boulder"]["handout"]) > 5
    assert not broken(spanish["boulder"]["large-print"])
    # text extraction reads the word whole ("mareo", not "ma- reo"), in either order
    assert "como mareo o disociación" in joined(pdftotext(spanish["boulder"]["handout"]))
    assert "como mareo\no disociación" in pdftotext(spanish["boulder"]["handout"], "-raw")


page = pytest.importorskip("page", reason="needs the page-validation package")


@pytest.mark.slow
@pytest.mark.parametrize("clinic", ["boulder", "harbor-light", "willamette"])
@pytest.mark.parametrize("kind", ["handout", "booklet", "large-print"])
def test_spanish_editions_pass_pdf_ua_1(spanish, clinic, kind):
    report = page.validate_pdf(spanish[clinic][kind], profile="ua1")
    failures = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.is_compliant and not failures, failures[:10]
    assert report.rules.passed == report.rules.total == 104
