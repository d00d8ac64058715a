"""No block is too tall: long cards, callouts, FAQ answers and clinic notes continue on the next
page in every format, headed there by a "continued" cue; read back from the PDFs, every text is
there once and whole, each in one structure element. What still cannot be laid out is named by
the file, line and key of its text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from handout.build import build_clinic
from handout.errors import LayoutError
from handout.layout.formats import FORMATS
from tests.conftest import TINY_GUIDE, tiny_project
from tests.render.structure import Element, read_tree

CLINIC = """\
name: C Clinic
brand: {{primary: "#1D5B79"}}
contact:
  phone: "(303) 555-0142"
  website: https://c.example
  hours: {hours}
pricing:
  summary: We publish our prices.
  items:
    - {{label: Visit, price: "$100"}}
  insurance: Call us.
  payment_plans: {plans}
"""


def sentences(what: str, words: int) -> str:
    """About ``words`` words of ordinary sentences, each one numbered so none can be mistaken
    for another."""
    out, count, n = [], 0, 0
    while count < words:
        n += 1
        sentence = (f"{what} sentence {n} says that monthly payments are possible for "
                    f"the series, with terms from 6 to 12 months.")
        out.append(sentence)
        count += len(sentence.split())
    return " ".join(out)


def clinic(plans: str = "Monthly plans are available.", hours: tuple[str, ...] = ("Mon–Fri 9–5",)
           ) -> str:
    return CLINIC.format(plans=json.dumps(plans), hours=json.dumps(list(hours)))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_text(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def pages_of(element: Element) -> list[int]:
    """The pages an element's content (its own and its children's) is drawn on."""
    return sorted({page for e in element.walk() for page, _ in e.content})


def built(tmp_path: Path, fmt: str, clinic_yaml: str, guide_yaml: str = TINY_GUIDE) -> Path:
    project = tiny_project(tmp_path / fmt, clinic_yaml, guide_yaml)
    made = build_clinic(project, "c", ["tiny"], tmp_path / fmt / "out", formats=[fmt])
    return next(m.path for m in made if m.format == fmt)


def assert_pdf_ua(path: Path) -> None:
    """Split boxes keep the PDF valid PDF/UA-1 (as ``test_pdfua`` checks the shipped clinics)."""
    page = pytest.importorskip("page", reason="needs the page-validation package")
    report = page.validate_pdf(path, profile="ua1")
    assert report.is_compliant and report.rules.passed == report.rules.total == 104, \
        sorted({f"{f.rule_id}: {f.message}" for f in report.failures})[:10]


def assert_continued(path: Path, element: Element, cue: str) -> None:
    """``element`` spans pages, and every page it continues on shows ``cue`` before it."""
    pages, text = pages_of(element), pages_text(path)
    assert len(pages) >= 2, f"{element.role} fits one page: nothing was continued"
    assert cue not in text[pages[0]]
    for page in pages[1:]:
        assert cue in text[page], f"no '{cue}' on page {page + 1}: {text[page][:200]}"
    assert cue not in element.all_text()  # the cue is page furniture, not read twice


FORMAT_NAMES = sorted(FORMATS)


@pytest.mark.parametrize("words", [200, 600])
@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_a_long_note_on_payment_plans_builds_and_continues(tmp_path, fmt, words):
    plans = sentences("Plan", words)
    path = built(tmp_path, fmt, clinic(plans))
    assert_pdf_ua(path)
    tree = read_tree(path)
    note = "Payment plans. " + plans
    # once in the card on costs, once with the clinic's other notes (the panel, or the booklet's
    # back cover or the pages before it): whole, in order, never repeated, and all of it read
    tagged = squash(tree.all_text()).count(squash(note))
    back = squash(pages_text(path)[-1]).count(squash(note)) if fmt == "booklet" else 0
    assert tagged == 2 and back in (0, 1)
    # the guide's cards (the booklet's questions page has a list of its own)
    items = next(lst for lst in tree.find("L") if squash(note) in squash(lst.all_text()))
    (card,) = items.children
    assert card.role == "LI" and [c.role for c in card.children] == ["Lbl", "LBody"]
    assert squash(card.all_text()).count(squash(note)) == 1
    if words == 600 or len(pages_of(card)) > 1:
        notes = [p for p in card.walk() if p.role == "P" and squash(note) in squash(p.text)]
        assert_continued(path, notes[0], "At C Clinic (continued)")


def long_guide(card: str, callout: str, answer: str) -> str:
    guide = TINY_GUIDE.replace('"Treatment costs money."', json.dumps(card))
    guide = guide.replace('"Ask your insurer."', json.dumps(answer))
    return guide.replace("  - id: faq\n", "  - id: note\n    kind: callout\n    title: Before you "
                         f"come\n    text: {json.dumps(callout)}\n  - id: faq\n")


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_a_card_a_callout_and_an_answer_longer_than_a_page_continue(tmp_path, fmt):
    card, callout, answer = (sentences(what, 900) for what in ("Card", "Callout", "Answer"))
    path = built(tmp_path, fmt, clinic(), long_guide(card, callout, answer))
    assert_pdf_ua(path)
    tree = read_tree(path)
    everything = squash(tree.all_text())
    for text in (card, callout, answer):
        assert everything.count(squash(text)) == 1, "lost or repeated"

    # one list, one item, however many pages it takes (the booklet's questions are another list)
    items = next(lst for lst in tree.find("L") if squash(card) in squash(lst.all_text()))
    (item,) = items.children
    label, body = item.children
    assert (label.role, body.role) == ("Lbl", "LBody")
    assert label.text == ("Point 1" if fmt == "large-print" else "1 Point 1")  # badge and words
    assert squash(body.all_text()).startswith(squash("Costs " + card))
    (words,) = [p for p in body.children if p.role == "P" and squash(p.text) == squash(card)]
    assert_continued(path, words, "Costs (continued)")

    (div,) = tree.find("Div")
    assert squash(div.all_text()) == squash("Before you come " + callout)
    assert_continued(path, div, "Before you come (continued)")

    questions = [h for h in tree.find("H3") if h.text == "Is it covered?"]
    assert len(questions) == 1
    faq = next(s for s in tree.find("Sect") if questions[0] in s.children)
    reply = faq.children[faq.children.index(questions[0]) + 1]
    assert reply.role == "P" and squash(reply.text) == squash(answer)
    assert_continued(path, reply, "Is it covered? (continued)")


def test_a_card_that_fits_a_page_is_never_split(tmp_path):
    """A card taller than the room left, but not than a page, moves to the next page whole."""
    filler = sentences("Filler", 520)  # most of page 1
    guide = TINY_GUIDE.replace('"An opening paragraph [@s1]."', json.dumps(filler))
    guide = guide.replace('"Treatment costs money."', json.dumps(sentences("Card", 300)))
    path = built(tmp_path, "handout", clinic(), guide)
    (item,) = read_tree(path).find("LI")
    assert len(pages_of(item)) == 1 and pages_of(item)[0] > 0
    assert not any("(continued)" in page for page in pages_text(path))


def test_the_booklet_takes_long_notes_on_paying_inside_rather_than_shrink_its_back_cover(tmp_path):
    plans = sentences("Plan", 600)
    path = built(tmp_path, "booklet", clinic(plans))
    text = pages_text(path)
    assert "Payment plans." not in text[-1] and "Talk with C Clinic" in text[-1]
    inside = [n for n, page in enumerate(text[:-1]) if "Paying for treatment" in page]
    assert len(inside) == 1
    sizes = re.findall(rb"/F\d\+0 ([\d.]+) Tf", subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(path), "-"], capture_output=True,
        check=True).stdout)
    assert min(float(s) for s in sizes) >= 8, "type on the back cover was shrunk to fit"


# -- what still cannot be laid out is named where it was written ---------------------------------


def line_of(yaml_text: str, needle: str) -> int:
    return next(n for n, line in enumerate(yaml_text.splitlines(), 1) if needle in line)


def test_a_quote_the_clinic_adds_taller_than_a_page_continues_overleaf(tmp_path):
    quote = sentences("Quote", 900)
    yaml_text = clinic() + ("guides:\n  tiny:\n    overrides:\n      - op: append\n"
                            "        after: intro\n        block:\n          id: ours\n"
                            f"          kind: quote\n          text: {json.dumps(quote)}\n")
    path = built(tmp_path, "booklet", yaml_text)
    (element,) = read_tree(path).find("BlockQuote")
    assert len(pages_of(element)) >= 2
    assert squash(quote) in squash(element.all_text())  # every sentence, once, in order
    assert_pdf_ua(path)


def test_hours_taller_than_a_page_are_named_in_the_clinic_file(tmp_path):
    hours = tuple(f"Day {n}: 9 am to 5 pm" for n in range(1, 80))
    yaml_text = clinic(hours=hours)
    with pytest.raises(LayoutError) as info:
        built(tmp_path, "large-print", yaml_text)
    line = line_of(yaml_text, "hours:")
    assert re.fullmatch(
        rf"content/clinics/c\.yaml:{line}:10: contact\.hours: this text does not fit on one page "
        r"\(large-print edition of 'tiny' for c, page \d+\) and cannot continue on the next; "
        "shorten it", str(info.value)), str(info.value)


def test_the_command_line_names_the_text_exits_2_and_writes_nothing(tmp_path):
    project = tiny_project(tmp_path, clinic(hours=tuple(f"Day {n}" for n in range(1, 200))))
    out = tmp_path / "dist"
    run = subprocess.run([sys.executable, "-m", "handout", "build", "--clinic", "c",
                          "--format", "handout", "--out", str(out)], cwd=project.root,
                         capture_output=True, text=True)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("error: content/clinics/c.yaml:6:10: contact.hours: this text "
                                 "does not fit on one page"), run.stderr
    assert "Traceback" not in run.stderr
    assert not list(out.rglob("*.pdf"))


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_a_fee_row_taller_than_a_page_continues(tmp_path, fmt):
    label = " ".join(f"Fee label sentence {n} is long." for n in range(1, 70))[:1990]
    yaml_text = clinic().replace('    - {label: Visit, price: "$100"}\n',
                                 f'    - {{label: Visit, price: "$100"}}\n'
                                 f'    - {{label: {json.dumps(label)}, price: "$200"}}\n')
    path = built(tmp_path, fmt, yaml_text)
    assert_pdf_ua(path)
    table = read_tree(path).find("Table")[0]
    rows = [[cell.all_text() for cell in row.children] for row in table.children]
    assert rows == [["Service", "Fee"], ["Visit", "$100"], [label, "$200"]]
    (cell,) = [row.children[0] for row in table.children if row.children[1].all_text() == "$200"]
    assert len(pages_of(cell)) >= (2 if fmt != "handout" else 1)
