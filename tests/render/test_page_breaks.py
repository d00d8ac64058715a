"""Where pages break, swept over every place a break can fall.

A page break lands wherever the content before it happens to end, so a rule about breaks ("a
heading never ends a page") is only tested where the content puts a block at the end of a page.
Rather than rely on the shipped guide's pagination, these tests build the sampler's short guide
again and again, with one more filler paragraph after its opening each time: every block below
moves down by less than the room a rule protects (two lines), and over the sweep by more than a
page, so each heading, list and source entry meets the end of a page at every height. The rules
are checked on every build, from the structure tree read back from the PDF.
"""

from __future__ import annotations

import re

import pytest

from handout.build import build_clinic
from tests.conftest import sampler_project
from tests.render.structure import Element, read_tree

CLINIC = "hillcrest"
STEPS = {"handout": 32, "large-print": 16}  # filler paragraphs: a page and a little more


def pages(el: Element) -> list[int]:
    """The pages an element and its children are drawn on."""
    return sorted({page for e in el.walk() for page, _ in e.content})


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """``sweep(fmt)``: the structure tree of each build in ``fmt``, with 0, 1, 2, … filler
    paragraphs (built on first use)."""
    built: dict[str, list[Element]] = {}

    def trees(fmt: str) -> list[Element]:
        if fmt not in built:
            built[fmt] = _build(fmt, tmp_path_factory.mktemp(fmt))
        return built[fmt]

    return trees


def _build(fmt: str, tmp) -> list[Element]:
    project = sampler_project(tmp)
    clinic = project.clinics_dir / f"{CLINIC}.yaml"
    base = clinic.read_text()
    assert "guides:" not in base
    trees = []
    for n in range(STEPS[fmt]):
        fillers = "".join(f"\n      - {{op: append, after: intro, block: {{id: filler-{k}, "
                          f"kind: paragraph, text: \"Filler paragraph {k}.\"}}}}" for k in range(n))
        # without the clinic panel, which always starts a page, every block after the filler
        # moves with it, down to the sources and the colophon
        clinic.write_text(f"{base}\nguides:\n  short:\n    overrides:\n"
                          f"      - {{op: remove, id: panel}}{fillers}\n")
        [output] = build_clinic(project, CLINIC, ["short"], tmp / f"out-{n}", [fmt])
        trees.append(read_tree(output.path))
    return trees


def headed(tree: Element) -> list[tuple[Element, Element]]:
    """Each heading (below the title) with the element that follows it in reading order."""
    drawn = [e for e in tree.walk() if e.content]
    return [(e, after) for e, after in zip(drawn, drawn[1:], strict=False)
            if re.fullmatch(r"H[2-6]", e.role)]


@pytest.mark.parametrize("fmt", sorted(STEPS))
def test_the_sweep_moves_every_heading_across_a_page_end(sweep, fmt):
    """The check that the tests below are exercised: with more filler, each heading is pushed
    from one page to the next."""
    trees = sweep(fmt)
    landed: dict[str, set[int]] = {}
    for tree in trees:
        for heading, _ in headed(tree):
            landed.setdefault(heading.text, set()).update(pages(heading))
    assert len(landed) >= 7  # the section, list, FAQ and its questions, the sources
    assert {text for text, on in landed.items() if len(on) < 2} == set(), fmt


@pytest.mark.parametrize("fmt", sorted(STEPS))
def test_a_heading_never_ends_a_page(sweep, fmt):
    trees = sweep(fmt)
    for n, tree in enumerate(trees):
        for heading, after in headed(tree):
            assert pages(after)[0] == pages(heading)[0], (fmt, n, heading.text, after.text)


@pytest.mark.parametrize("fmt", ["handout", "large-print"])
def test_a_list_begins_on_the_page_of_its_heading(sweep, fmt):
    """A list's heading and intro go overleaf with its first card rather than end a page."""
    trees = sweep(fmt)
    heading, first = "Points to Know", "Point 1"  # the short guide's list, its first card
    for n, tree in enumerate(trees):
        [on] = [pages(e) for e in tree.walk() if e.text == heading]
        # the card's label: its badge's number and "Point 1", or in large print the words alone
        [card] = [pages(e) for e in tree.walk() if e.role == "Lbl" and e.text.endswith(first)]
        assert card[0] == on[0], (fmt, n)


def test_large_print_never_continues_a_paragraph_overleaf(sweep):
    long = set()  # the pages the guide's longest paragraph starts on, over the sweep
    for n, tree in enumerate(sweep("large-print")):
        split = [p.text for p in tree.walk() if p.role in ("P", "Note") and len(pages(p)) > 1]
        assert split == [], (n, split)
        long |= {pages(p)[0] for p in tree.find("P") if p.text.startswith("It is made for")}
    assert len(long) >= 2  # it met the end of a page, and moved on whole


def test_large_print_never_ends_on_a_page_of_colophon_alone(sweep):
    """The colophon comes with at least the last source entry: a page with nothing but the
    review date and edition line looks like a printing mistake."""
    carried = 0
    for n, tree in enumerate(sweep("large-print")):
        notes = tree.find("Note")
        last = max(i for i, c in enumerate(tree.children) if c.role == "Sect")  # the sources
        colophon = tree.children[last + 1:]
        assert colophon and colophon[0].text.startswith("Reviewed"), n
        assert pages(notes[-1]) == pages(colophon[0]), (n, notes[-1].text)
        carried += pages(notes[-2]) < pages(notes[-1])
    assert carried  # in some build the list broke before its last entry, as the rule wants

