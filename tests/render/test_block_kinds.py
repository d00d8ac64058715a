"""Lists, steps, checklists, tables and callout levels: printed in every format, tagged as lists
and tables, valid PDF/UA-1, and able to run past the end of a page."""

from __future__ import annotations

import shutil

import pytest

from handout.build import build_clinic
from handout.layout.formats import FORMATS
from tests.conftest import ROOT, pdf_text, tiny_project
from tests.render.structure import read_tree

EVERY_KIND = (ROOT / "tests" / "fixtures" / "guides" / "every-kind.yaml").read_text()
CLINIC = 'name: Tiny Clinic\ncontact: {phone: "(303) 555-0142"}\nbrand: {primary: "#1D5B79"}\n'
page = pytest.importorskip("page", reason="needs the page-validation package")


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("kinds")
    project = tiny_project(tmp, CLINIC, EVERY_KIND)
    shutil.move(project.guides_dir / "tiny.yaml", project.guides_dir / "every-kind.yaml")
    return {o.format: o.path for o in build_clinic(project, "c", ["every-kind"], tmp / "out")}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_kind_prints_its_words(editions, fmt):
    text = pdf_text(editions[fmt])
    for words in ("Persistent sad, anxious, or empty mood", "Feeling there is no way out",
                  "Write down your symptoms", "Include vitamins and supplements.",
                  "Bring a friend or family member if you can.", "Your insurance card",
                  "Where to get help", "Any time, day or night", "Urgent", "If you are in crisis",
                  "Important", "Tell us about changes"):
        assert words in text, (fmt, words)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_lists_and_tables_are_tagged_as_such(editions, fmt):
    tree = read_tree(editions[fmt])
    lists = tree.find("L")
    bullets = next(lst for lst in lists if "Persistent sad" in lst.all_text())
    items = [c for c in bullets.children if c.role == "LI"]
    assert len(items) == 3
    assert [c.role for c in items[0].children] == ["Lbl", "LBody"]
    nested = items[1].find("L")  # one level down, inside the second bullet's body
    assert len(nested) == 1 and len(nested[0].find("LI")) == 2
    assert "Feeling there is no way out" in nested[0].all_text()
    steps = next(lst for lst in lists if "Write down your symptoms" in lst.all_text())
    assert [li.find("Lbl")[0].all_text() for li in steps.children] == ["1.", "2.", "3."]
    checklist = next(lst for lst in lists if "A photo ID" in lst.all_text())
    assert len(checklist.children) == 3 and not checklist.find("Lbl")  # the boxes are drawn
    # how each list's items are marked, for a reader who cannot see the bullets and numbers
    assert [lst.attributes.get("ListNumbering") for lst in (bullets, nested[0], steps, checklist)] \
        == ["/Disc", "/Disc", "/Decimal", "/None"]
    (table,) = tree.find("Table")
    rows = table.find("TR")
    assert [th.all_text() for th in rows[0].children] == ["Service", "How to reach it", "When"]
    assert all(th.role == "TH" and th.attributes.get("Scope") == "/Column" for th in rows[0].children)
    assert [td.role for td in rows[1].children] == ["TD", "TD", "TD"]
    urgent = next(div for div in tree.find("Div") if "If you are in crisis" in div.all_text())
    assert urgent.all_text().startswith("Urgent")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_kind_passes_pdf_ua_1(editions, fmt):
    report = page.validate_pdf(editions[fmt], profile="ua1")
    failures = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.is_compliant and not failures, failures[:10]


LONG = """\
id: tiny
title: Long lists
version: "1"
reviewed: 2026-11-01
blocks:
  - id: many
    kind: list
    intro: "Things to know:"
    items:
{bullets}
  - id: steps
    kind: steps
    items:
      - title: "A long step"
        text: "{long}"
  - id: words
    kind: quote
    text: "{quote}"
    attribution: "A patient"
  - id: big-table
    kind: table
    caption: "A long table"
    columns: ["Day", "What happens"]
    rows:
{rows}
"""


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_lists_steps_tables_and_quotes_longer_than_a_page_continue_overleaf(tmp_path, fmt):
    sentence = "This sentence is part of a step long enough to need more than one page. "
    said = "These are a patient's own words, quoted at a length that runs over a page. "
    guide = LONG.format(
        quote=said * 45,
        bullets="\n".join(f'      - "Point number {n} of a list longer than a page"'
                          for n in range(1, 61)),
        long=sentence * 60,
        rows="\n".join(f'      - ["Day {n}", "Something that happens on day {n}"]'
                       for n in range(1, 81)))
    project = tiny_project(tmp_path, CLINIC, guide)
    [pdf, *_] = build_clinic(project, "c", ["tiny"], tmp_path / "out", formats=[fmt])
    text = pdf_text(pdf.path)
    assert all(f"Point number {n} of" in text for n in range(1, 61))
    assert all(f"Something that happens on day {n}" in text for n in range(1, 81))
    assert text.count("What happens") >= 2  # the header row is repeated on the next page
    tree = read_tree(pdf.path)
    step = next(lst for lst in tree.find("L") if "A long step" in lst.all_text())
    (item,) = step.find("LI")  # one item, drawn on several pages
    assert len({page for el in item.walk() for page, _ in el.content}) >= 2
    assert item.all_text().count(sentence.strip()) == 60  # nothing lost or repeated at the break
    (quote,) = tree.find("BlockQuote")  # one quotation, on two pages or more
    assert len({page for el in quote.walk() for page, _ in el.content}) >= 2
    assert quote.all_text().count(said.strip()) == 45
    assert quote.all_text().rstrip().endswith("A patient")
