"""Nothing is lost at the sheet's edge on an office printer.

Office laser and inkjet printers leave the outer 4–6 mm of a sheet blank, so every edition built
for the office — the handout, large print and the booklet's print edition — keeps all its ink at
least 0.25 in (18 pt) from every edge of the sheet. Every page of every edition of every shipped
clinic and guide is rendered, on the clinic's own paper and on the other one (Letter and A4), and
the distance from each edge to the first ink is measured. The booklet's sheets with fold and trim
marks are measured without their marks (inside the spread they mark), which sit in the margin.
"""

from __future__ import annotations

import re

import pytest

from handout.build import build_clinic
from handout.impose import impose
from handout.layout.formats import PAPER
from handout.layout.formats.edges import OFFICE_SAFE
from tests.conftest import copy_project
from tests.print.pixels import Raster, needs_poppler, render

pytestmark = needs_poppler

DPI = 36  # 2 pt a pixel: enough to tell 18 pt from the edge, quick for ~200 pages
OFFICE = ["handout", "large-print", "booklet-print"]
OTHER = {"letter": "a4", "a4": "letter"}


def _built(project, out, guides):
    """clinic → (paper, {edition → [paths]}) for every shipped clinic and ``guides``."""
    built = {}
    for clinic in project.clinic_names():
        paths: dict[str, list] = {}
        for output in build_clinic(project, clinic, guides, out) if guides else []:
            paths.setdefault(output.format, []).append(output.path)
        built[clinic] = (project.clinic(clinic).value.paper, paths)
    return built


@pytest.fixture(scope="module")
def papers(project, shipped, tmp_path_factory):
    """Every clinic's editions of every guide on its own paper (the session's shared build), and
    again on the other paper."""
    own = _built(project, tmp_path_factory.mktemp("own"), [])
    for (clinic, _), files in sorted(shipped.items()):
        for edition, path in files.items():
            own[clinic][1].setdefault(edition, []).append(path)
    other = copy_project(tmp_path_factory.mktemp("other"))
    for path in other.clinics_dir.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        swapped = re.sub(r"(?m)^paper: (letter|a4)\b", lambda m: f"paper: {OTHER[m[1]]}", text)
        path.write_text(swapped if swapped != text else "paper: a4\n" + text, encoding="utf-8")
    return {"own": own,
            "other": _built(other, tmp_path_factory.mktemp("other-out"), other.guide_ids())}


def _too_close(pages: list[Raster], within=None) -> list[str]:
    out = []
    for n, page in enumerate(pages, 1):
        margins = page.margins(within(page) if within else None)
        if margins is not None and margins.smallest() < OFFICE_SAFE:
            out.append(f"page {n}: {margins}")
    return out


@pytest.mark.parametrize("which", ["own", "other"])
def test_office_editions_keep_ink_a_quarter_inch_from_every_edge(papers, which):
    measured, papers_seen = 0, set()
    for clinic, (_, paths) in papers[which].items():
        for edition in OFFICE:
            for path in paths[edition]:
                pages = render(path, DPI)
                papers_seen.add(round(pages[0].media[2]))
                assert not _too_close(pages), (clinic, path.name, _too_close(pages))
                measured += len(pages)
    assert measured > 50 and len(papers_seen) >= 3  # Letter and A4, portrait and landscape


def test_booklet_sheets_with_marks_keep_their_pages_clear_of_the_edge(papers, tmp_path):
    for clinic, (paper, paths) in papers["own"].items():
        booklet = paths["booklet"][0]
        sheets = tmp_path / f"{clinic}-marks.pdf"
        sheets.write_bytes(impose(booklet.read_bytes(), PAPER[paper], marks=True))
        pages = render(sheets, DPI)
        assert all(p.trim != p.media for p in pages)  # the spread the marks stand around
        assert not _too_close(pages, within=lambda p: p.trim), clinic
        # the marks themselves lie outside the spread, in the margin
        assert all(p.ink() != p.ink(p.trim) for p in pages)


def test_the_measure_sees_ink_at_the_edge(tmp_path):
    """The check can fail: a page with a band drawn to its edge is caught."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "edge.pdf"
    canvas = Canvas(str(path), pagesize=PAPER["letter"])
    canvas.setFillColorRGB(0.11, 0.36, 0.47)
    canvas.rect(0, 792 - 10, 612, 10, stroke=0, fill=1)  # the band of the old design
    canvas.setFillColorRGB(0.8, 0.8, 0.8)
    canvas.rect(594, 300, 0.5, 40, stroke=0, fill=1)  # a pale hairline 17.5 pt from the right
    canvas.showPage()
    canvas.save()
    (page,) = render(path, DPI)
    margins = page.margins()
    assert margins.top == 0 and margins.left == 0 and margins.right == 0
    hairline = page.margins((300, 0, 612, 700))
    assert 16 <= hairline.right < OFFICE_SAFE
