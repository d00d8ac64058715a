"""Where the notice of language assistance goes and how it reads, measured in the PDFs: the
booklet's notice at a readable size (on the back cover only when it fits there at 9 pt, else on
pages of its own at body size), never a page holding a stray piece of it, its pages evenly
filled; a right-to-left tagline's element read in logical order; a Spanish word broken at a
line's end read whole."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from handout.build import build_clinic
from handout.languages import taglines
from tests.conftest import GUIDE, Key, harbor_light_with_notice
from tests.render.structure import Element, read_tree
from tests.render.visible import characters

READING = ("handout", "booklet", "large-print")
HEADING = {"en": "Language assistance", "es": "Ayuda con el idioma"}
#: The booklet's notice: at least its body size on pages of its own, and on its back cover at
#: least the size of the back cover's notes (the booklet's smallest text is 8.5 pt).
BOOKLET_BODY, BOOKLET_BACK = 10.5, 9.0


def boulder_editions(every_language) -> list[tuple[Key, str, Path]]:
    return [(key, fmt, files[fmt]) for key, files in sorted(every_language.items())
            if key[0] == "boulder" for fmt in READING]


def notice_elements(tree: Element, language: str) -> tuple[Element, list[Element]]:
    """The notice's heading and its paragraphs (English first), read from the structure."""
    for parent in tree.walk():
        for i, child in enumerate(parent.children):
            if child.role == "H2" and child.text == HEADING[language]:
                paragraphs = [c for c in parent.children[i + 1:] if c.role == "P"]
                return child, paragraphs
    raise AssertionError("no notice")


def pages_of_element(element: Element) -> set[int]:
    return {page for el in element.walk() for page, _ in el.content}


def test_the_booklet_notice_is_set_at_a_readable_size(every_language):
    """Every character of Boulder's notice (16 taglines) is at least the booklet's body size:
    the notice has pages of its own; the back cover names the page."""
    for (clinic, guide, language), files in every_language.items():
        if clinic != "boulder":
            continue
        path = files["booklet"]
        tree = read_tree(path)
        heading, paragraphs = notice_elements(tree, language)
        assert len(paragraphs) == 16
        marks = {ref for p in [heading, *paragraphs] for el in p.walk() for ref in el.content}
        sizes = [c.size for c in characters(path) if c.mark in marks and c.text.strip()]
        assert sizes and min(sizes) >= BOOKLET_BODY - 0.01, (guide, language, min(sizes))
        last = len(pikepdf.open(path).pages) - 1
        assert last not in pages_of_element(heading), "the notice is not on the back cover"


def test_a_short_notice_stays_on_the_back_cover(tmp_path):
    """A notice of two languages fits the back cover of a guide without fees (no notes on
    paying there) at the size of the back cover's notes: no pages of its own, nothing of the
    notice smaller than 9 pt. (Under Harbor Light's notes on paying it would not: it gets a
    page of its own, as Boulder's does.)"""
    project = harbor_light_with_notice(tmp_path, "[es, ar]")
    made = build_clinic(project, "harbor-light", ["warning-signs"], tmp_path / "out",
                        ["booklet"])[0]
    assert made.format == "booklet"
    tree = read_tree(made.path)
    heading, paragraphs = notice_elements(tree, "en")
    last = len(pikepdf.open(made.path).pages) - 1
    assert pages_of_element(heading) == {last} and len(paragraphs) == 3
    marks = {ref for p in [heading, *paragraphs] for el in p.walk() for ref in el.content}
    sizes = [c.size for c in characters(made.path) if c.mark in marks and c.text.strip()]
    assert min(sizes) >= BOOKLET_BACK - 0.01
    assert not tree.find("TOCI")[-1].all_text().startswith("Free language assistance")


def test_no_page_holds_a_stray_piece_of_the_notice(every_language):
    """In every edition of Boulder's (every guide, English and Spanish): the notice stands whole
    on one page, or starts at the top of a page and fills its pages evenly (the last holds at
    least half as many taglines as the fullest), with nothing else on them."""
    for key, fmt, path in boulder_editions(every_language):
        tree = read_tree(path)
        heading, paragraphs = notice_elements(tree, key[2])
        notice = {id(el) for p in [heading, *paragraphs] for el in p.walk()}
        pages = sorted({page for p in [heading, *paragraphs] for page in pages_of_element(p)})
        if len(pages) == 1:
            continue
        others = {page for el in tree.walk() if id(el) not in notice for page, _ in el.content}
        assert not others & set(pages), (key, fmt, "shares a page of the notice", pages)
        assert min(pages_of_element(heading)) == pages[0], (key, fmt)
        per_page = [sum(1 for p in paragraphs if min(pages_of_element(p)) == page)
                    for page in pages]
        assert min(per_page) * 2 >= max(per_page), (key, fmt, per_page)


def test_the_handout_notice_takes_its_compact_setting_where_that_fits(tmp_path):
    """Harbor Light's first-visit handout with a notice of five languages: one column at
    10.5 pt does not fit under the colophon, two columns at the handout's footer size (9 pt)
    do, so the notice stays on page 2 instead of taking a page of its own."""
    project = harbor_light_with_notice(tmp_path, "[es, vi, ko, zh-Hant, ru]")
    [made] = build_clinic(project, "harbor-light", ["first-visit"], tmp_path / "out",
                          ["handout"])
    tree = read_tree(made.path)
    heading, paragraphs = notice_elements(tree, "en")
    assert len(pikepdf.open(made.path).pages) == 2
    assert {page for p in [heading, *paragraphs] for page in pages_of_element(p)} == {1}
    marks = {ref for p in paragraphs[1:] for el in p.walk() for ref in el.content}
    chars = [c for c in characters(made.path) if c.mark in marks and c.text.strip()]
    assert min(c.size for c in chars) >= 9.0 - 0.01
    lefts = {round(min(c.x0 for c in chars if c.mark == ref)) for ref in marks}
    assert len(lefts) == 2  # two columns


def test_a_later_setting_is_made_only_when_those_before_it_do_not_fit():
    """Setting a notice is most of an edition's cost for a clinic with one: the compact
    setting is made and measured only where the roomy one does not fit."""
    from reportlab.platypus import Spacer

    from handout.layout.notice import Notice
    from handout.layout.taglines import Parts, Setting

    made: list[str] = []
    roomy, compact = Setting(10.5, 1.3, None), Setting(9, 1.28, None)  # type: ignore[arg-type]
    names, heights = {roomy: "roomy", compact: "compact"}, {roomy: 200, compact: 100}

    def make(setting: Setting) -> Parts:
        made.append(names[setting])
        return Parts(Spacer(100, 10), Spacer(100, 10), (Spacer(100, heights[setting]),))

    notice = Notice([roomy, compact], make(roomy), make, cue=None)
    assert notice.wrap(300, 500) == (300, 220) and made == ["roomy"]
    assert notice.wrap(300, 150) == (300, 120) and made == ["roomy", "compact"]
    assert notice.wrap(300, 50) == (300, 220)  # neither fits: the first, to be split
    assert made == ["roomy", "compact"]


def test_taglines_are_shared_out_evenly():
    from handout.layout.notice import even, pages_of

    assert even([3, 3, 3, 3], [1, 1, 1, 1], 2) == [2, 2]
    assert even([5, 1, 1, 1, 1, 1], [0] * 6, 2) == [1, 5]
    assert even([1, 1, 1, 1, 1, 5], [0] * 6, 2) == [5, 1]
    # ten items of 10 on pages of 45: three pages, not 4 + 4 + 2
    assert pages_of([10] * 10, [0] * 10, 45) == [3, 4, 3]
    assert pages_of([10] * 8, [0] * 8, 45) == [4, 4]


def test_right_to_left_taglines_read_in_logical_order(every_language, project):
    """The Arabic and Persian taglines' elements carry their text as written (the language's
    name, then the tagline) as /ActualText: a screen reader reads it, not the glyphs drawn in
    visual order."""
    clinic = project.clinic("boulder").value
    la = clinic.language_assistance
    lines = {line.tagline.code: line for line in
             taglines.notice(la.codes(), la.phone or clinic.contact.phone, la.tty)}
    for key, fmt, path in boulder_editions(every_language):
        with pikepdf.open(path) as pdf:
            found = actual_texts(pdf.Root.StructTreeRoot)
        for code in ("ar", "fa"):
            line = lines[code]
            assert found[code] == f"{line.tagline.own_name} {line.text}", (key, fmt, code)
            # in reading order: the line starts with the language's name, then "ATTENTION"
            assert found[code].startswith(line.tagline.own_name + " ")


def actual_texts(node, found: dict[str, str] | None = None) -> dict[str, str]:
    """/Lang → /ActualText of the Arabic and Persian elements under ``node``."""
    found = {} if found is None else found
    if isinstance(node, pikepdf.Dictionary):
        if str(node.get("/Lang", "")) in ("ar", "fa"):
            found[str(node.Lang)] = str(node.get("/ActualText", ""))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            actual_texts(kid, found)
    return found


HYPHENATED = re.compile(r"[^\W\d_]-\s+[^\W\d_]|[^\W\d_]-$", re.MULTILINE)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_spanish_words_broken_at_a_line_end_read_whole(translated):
    """In the Spanish editions (hyphenated), no word reads as two pieces with a hyphen: not in
    the text of any element of the structure (as a screen reader reads it), not in poppler's
    text in either of its orders. The words come back whole: "mareo", not "ma- reo"."""
    for fmt in ("handout", "booklet"):
        path = translated[("boulder", GUIDE, "es")][fmt]
        tree = read_tree(path)
        for element in tree.walk():
            assert not HYPHENATED.search(element.text), (fmt, element.role, element.text)
        for mode in ([], ["-raw"]):
            text = subprocess.run(["pdftotext", *mode, "-enc", "UTF-8", str(path), "-"],
                                  capture_output=True, text=True, check=True).stdout
            assert not HYPHENATED.search(text), (fmt, mode, HYPHENATED.search(text))
        assert "mareo" in tree.all_text() and "importante" in tree.all_text()
