"""The first-visit sheet stays a short, plain sheet for every shipped clinic: at most two
handout pages (and the clinic's notice of language assistance), reading grade 6 or below as
``handout check`` computes it (the guide's sections and the blocks each clinic puts in it), with
each clinic's own arrival and parking details."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from handout.check import guide_grades, override_grades
from handout.project import Project
from tests.conftest import ROOT, pdf_text

GUIDE = "first-visit"
MAX_PAGES = 2
MAX_GRADE = 6.0
CLINICS = Project.at(ROOT).clinic_names()


@pytest.fixture(scope="module")
def sheets(project: Project, shipped) -> dict[str, Path]:
    """clinic → its first-visit handout (from the session's shared build)."""
    return {clinic: shipped[(clinic, GUIDE)]["handout"] for clinic in project.clinic_names()}


@pytest.mark.parametrize("clinic", CLINICS)
def test_at_most_two_pages(sheets, clinic):
    """Two pages to the colophon; a clinic's notice of language assistance, printed after it,
    may take one more."""
    pages = [page.extract_text() for page in PdfReader(str(sheets[clinic])).pages]
    colophon = next(i for i, text in enumerate(pages) if "Edition for" in text)
    assert colophon + 1 <= MAX_PAGES
    notice = Project.at(ROOT).clinic(clinic).value.language_assistance is not None
    assert len(pages) <= MAX_PAGES + notice


def test_the_guide_reads_at_grade_six_or_below(project: Project):
    grades = guide_grades(project.guide(GUIDE))
    assert grades, "no section was graded"
    assert {g.name: round(g.reading.grade, 1) for g in grades
            if g.reading.grade > MAX_GRADE} == {}


@pytest.mark.parametrize("clinic", CLINICS)
def test_what_the_clinic_adds_reads_at_grade_six_or_below(project: Project, clinic):
    grades = [g for g in override_grades(project.clinic(clinic))
              if g.path.startswith(f"guides.{GUIDE}.")]
    assert grades, f"{clinic} puts nothing of its own in the first-visit sheet"
    assert {g.path: round(g.reading.grade, 1) for g in grades
            if g.reading.grade > MAX_GRADE} == {}


@pytest.mark.parametrize("clinic", CLINICS)
def test_arrival_and_parking_come_from_the_clinic(project: Project, sheets, clinic):
    ours = {op.id for op in project.clinic(clinic).value.for_guide(GUIDE).overrides
            if op.op == "replace"}
    assert {"arrival-time", "parking"} <= ours
    text = pdf_text(sheets[clinic])
    assert "Ask us about parking when you book" not in text  # the sheet's words for any clinic
