"""What a screen reader gets, checked against what a sighted reader sees, not against a rule count.

Every line of text on every page of every reading edition (handout, booklet, large print) of
every shipped clinic, guide and translation (and, through it, for a print shop) is read back
with its position (``visible``) and must be drawn inside marked content that an element of the
structure tree owns, unless it is page furniture we recognise: the running footer, the page
number, the running title, a table's header printed again overleaf, a box's "(continued)" cue.
pdfminer's characters are first checked, page by page, against poppler's, so that text one reader
missed cannot pass unseen. Every ``Link`` element has words or ``/Alt``, every annotation prints,
every list says how its items are marked, the three editions of a guide tag its blocks alike,
and a print shop's edition is tagged as the office's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from functools import partial
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from handout.build import build_clinic, document
from handout.layout.flowables import QRCode
from handout.layout.formats import FORMATS
from handout.model import parts
from handout.resolve import Document
from handout.tagging import Marks, TaggingCanvas, mark_story
from handout.tagging.painting import artifact, content, draw
from tests.conftest import GUIDE, ROOT, Key, tiny_project
from tests.render.structure import Element, drawn_text, read_tree
from tests.render.visible import ARTIFACT, Line, characters, lines

READING = ("handout", "booklet", "large-print")


def furniture(doc: Document, fmt: str, tree: Element, pages: int):
    """Whether a line drawn as an artifact is page furniture of this edition, on its page."""
    w, layout = doc.words, FORMATS[fmt]
    footer = " ".join(layout.footer_text(doc.clinic).split())
    title = " ".join(doc.guide.title.split())
    headers = {th.all_text() for th in tree.find("TH")}  # a data table's header, repeated

    def running(text: str) -> bool:  # the guide's title, or its start cut with an ellipsis
        return text in (title, footer) or (text.endswith("\u2026") and title.startswith(
            text[:-1].rstrip()))

    cue = re.compile(re.escape(w("continued", title="\0")).replace(re.escape("\0"), "(.+)"))

    def check(line: Line) -> bool:
        n, text = line.page + 1, line.text
        if text in {w("page", n=n, total=pages), w("page_n", n=n), footer, *headers,
                    w("continued_untitled")}:
            return True
        if (match := cue.fullmatch(text)) and match[1] in tree.all_text():
            return True  # a box's title again, atop its part on the next page
        folio = re.fullmatch(rf"{n}(.+)|(.+?){n}", text)  # the booklet's number and running text
        return folio is not None and running((folio[1] or folio[2]).strip())

    return check


def unread_lines(path: Path, is_furniture) -> list[str]:
    """Every visible line that reaches no structure element and is not furniture."""
    tree = read_tree(path)
    owned = {ref for el in tree.walk() for ref in el.content}
    unread = []
    for line in lines(path):
        marks = line.marks()
        if marks <= owned:
            continue
        if marks == {ARTIFACT} and is_furniture(line):
            continue
        unread.append(f"{line} ({'untagged' if None in marks else 'artifact'})")
    return unread


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


@pytest.fixture(scope="module")
def reading(every_language) -> list[tuple[Key, str, Path]]:
    """((clinic, guide, language), format, path) of every reading edition of every shipped
    clinic, guide and translation, for the office. A print shop's editions draw the same text in
    the same marked content (``test_a_print_shop_edition_is_read_as_the_office_edition``)."""
    return [(key, fmt, files[fmt]) for key, files in sorted(every_language.items())
            for fmt in READING]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_both_readers_see_the_same_characters_on_every_page(reading):
    for key, _, path in reading:
        ours: dict[int, Counter] = {}
        read: set[int] = set()  # poppler reads a sequence's /ActualText instead of its glyphs
        for char in characters(path):
            text = char.text
            if char.actual is not None:
                text = "" if char.actual[0] in read else char.actual[1]
                read.add(char.actual[0])
            for c in text:
                if c.strip():
                    ours.setdefault(char.page, Counter())[c] += 1
        # -raw: in its reading-order mode poppler joins a word broken at a line's end and
        # drops the hyphen drawn there (Spanish editions are hyphenated)
        text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = text.split("\f")[:page_count(path)]  # a form feed ends every page
        assert len(pages) == page_count(path)
        for page, seen in enumerate(pages):
            # poppler marks right-to-left lines (the Arabic and Persian taglines) with bidi
            # controls (U+202B … U+202C) that are not in the file: format characters are left out
            printed = Counter(c for c in seen if c.strip() and unicodedata.category(c) != "Cf")
            assert ours.get(page, Counter()) == printed, \
                (path.name, key, page + 1)


@pytest.mark.slow
def test_every_visible_line_reaches_a_screen_reader(project, reading):
    checked = 0
    for key, fmt, path in reading:
        doc = document(project, *key)
        tree = read_tree(path)
        unread = unread_lines(path, furniture(doc, fmt, tree, page_count(path)))
        assert not unread, (path.name, key, unread)
        checked += len(lines(path))
    assert checked > 4000  # every edition was read, not none


def test_the_booklet_pages_for_the_patient_are_read(project, reading):
    """The designed pages, the notice of language assistance and the back cover, drawn outside
    the guide, are sections a screen reader reaches: the questions as a list, a page for notes,
    each tagline in its own language, the clinic's phone as a link and the page of the notice
    named on the back cover."""
    def booklet(clinic: str) -> tuple[Element, dict[str, Element]]:
        path = next(p for key, fmt, p in reading if (key, fmt) == ((clinic, GUIDE, "en"), "booklet"))
        tree = read_tree(path)
        return tree, {s.children[0].text: s for s in tree.children if s.role == "Sect"
                      and s.children and s.children[0].role == "H2"}

    tree, sections = booklet("boulder")
    back = sections["Talk with Boulder Ketamine & Wellness"]
    assert "(303) 555-0142" in {link.all_text() for link in back.find("Link")}
    # Boulder's notice has pages of its own before the back cover, which names their page
    notice = sections["Language assistance"]
    langs = [p.lang for p in notice.children if p.role == "P"]
    assert langs[:4] == ["en", "es", "vi", "ko"] and {"ar", "fa", "zh-Hant"} <= set(langs)
    (pointer,) = [toci for toci in back.find("TOCI")]
    assert re.fullmatch(r"Free language assistance in 15 languages \d+", pointer.all_text())
    # the notes on paying: on the back cover, or a section of their own before it
    assert "Paying for treatment" in {h.text for h in back.find("H3")} | set(sections)
    cover, sign = tree.children[:8], tree.children[-1]
    assert [c.role for c in cover if c.role in ("H1", "TOC")] == ["H1", "TOC"]
    assert all(len(toci.children) == 1 and re.search(r" \d+$", toci.all_text())
               for toci in tree.find("TOCI"))  # each entry with its page number
    assert sign.role == "P" and sign.text == "Boulder Ketamine \u00b7 boulderketamine.example"
    _, sections = booklet("harbor-light")
    assert "My notes" in sections
    questions = sections["Questions for my provider"]
    (examples,) = questions.find("L")
    assert [li.children[1].all_text() for li in examples.children][0] == \
        "Is this treatment a good fit for me?"
    assert [c.role for c in questions.children][-1] == "P"  # "My questions" follows the list


def test_the_journal_page_is_read(tmp_path):
    """A booklet three pages short of a multiple of four gets "After my session" too: its
    prompts and the "Date" labels are read, the lines to write on are not."""
    project = tiny_project(tmp_path, CLINIC, TINY_GUIDE_LONG)
    path = build_clinic(project, "c", ["tiny"], tmp_path / "out", formats=["booklet"])[0].path
    tree = read_tree(path)
    journal = next(s for s in tree.find("Sect") if s.children[0].text == "After my session")
    texts = [c.text for c in journal.children]
    assert texts.count("Date") == 2 and "How I felt during the session" in texts
    doc = document(project, "c", "tiny")
    assert not unread_lines(path, furniture(doc, "booklet", tree, page_count(path)))


def test_every_link_is_named_and_every_annotation_prints(every_language, print_shop, marked):
    every = [(key, fmt, path) for made in (every_language, print_shop)
             for key, files in made.items() for fmt, path in files.items()]
    every += [(key, "booklet-print", path) for key, path in marked.items()]
    assert set(print_shop) == set(marked) == set(every_language)
    assert len(every) == 8 * len(every_language)
    for key, fmt, path in every:
        with pikepdf.open(path) as pdf:
            flags = [int(a.get("/F", 0)) for p in pdf.pages for a in p.obj.get("/Annots", [])]
        assert flags and all(f & 4 and not f & (1 | 2 | 32) for f in flags), (key, path.name)
        if fmt == "booklet-print":
            continue  # sheets for the printer have no structure tree
        for link in read_tree(path).find("Link"):
            assert link.all_text() or link.alt, (key, path.name, link)
    tree = read_tree(every_language[("boulder", "ketamine-benefits-risks", "en")]["booklet"])
    qr = next(link for link in tree.find("Link") if link.find("Figure"))
    assert qr.alt == "QR code: book a visit at boulderketamine.example/book"


def guide_part(tree: Element, doc: Document) -> list[tuple[int, str]]:
    """The structure of the guide's own blocks, as (depth, type) in reading order: from the
    element holding the first block's first words to the one holding the last block's, leaving
    out the clinic's panel (each format shows the clinic in its own way; the booklet on its back
    cover)."""
    own = [b for b in doc.blocks if b.kind != "clinic-panel"]
    children = tree.children
    holds = [i for i, c in enumerate(children) if c.role != "TOC" and _holds(c, own[0])]
    start = holds[0]
    end = [i for i, c in enumerate(children) if i >= start and _holds(c, own[-1])][-1]
    headings = {parts.heading(b) for b in doc.blocks} - {None}
    shape: list[tuple[int, str]] = []

    def walk(el: Element, depth: int) -> None:
        shape.append((depth, el.role))
        for child in el.children:
            walk(child, depth + 1)

    for el in children[start:end + 1]:
        heading = next((c.text for c in el.children if re.fullmatch(r"H\d", c.role)), None)
        if el.role == "Sect" and heading not in headings:
            continue  # the clinic's panel
        walk(el, 0)
    return shape


def _holds(el: Element, block) -> bool:
    """Whether ``el`` holds the first words of ``block`` (before any placeholder)."""
    first = next(t for t in parts.words(block) if t).split("{")[0].split()[:5]
    words = el.all_text().split()
    return any(words[i:i + len(first)] == first for i in range(len(words)))


def test_the_three_editions_tag_a_guide_alike(project, every_language):
    for key, files in every_language.items():
        doc = document(project, *key)
        shapes = {fmt: guide_part(read_tree(files[fmt]), doc) for fmt in READING}
        # every block of the guide is in the part compared (a block is one element or more)
        assert len(shapes["handout"]) >= len(list(parts.walk(doc.blocks))) > 5, key
        assert shapes["booklet"] == shapes["handout"], key
        assert shapes["large-print"] == shapes["handout"], key
        assert ("L" in {role for _, role in shapes["large-print"]}
                and "LI" in {role for _, role in shapes["large-print"]})


def test_every_list_says_how_its_items_are_marked(every_language):
    """Each ``L`` carries its ListNumbering, and its items' labels agree: the item's number
    (steps, numbered cards: "1.", "1 Risk 1"), a bullet, or none at all (boxes to tick)."""
    seen = Counter()
    for key, files in every_language.items():
        for fmt in READING:
            for lst in read_tree(files[fmt]).find("L"):
                numbering = lst.attributes.get("ListNumbering")
                seen[numbering] += 1
                labels = [[c.all_text() for c in li.children if c.role == "Lbl"]
                          for li in lst.children]
                assert all(li.role == "LI" for li in lst.children), (key, fmt)
                if numbering == "/Decimal":
                    assert all(len(lbl) == 1 and re.search(rf"(^|\D){n}\.?$", lbl[0])
                               for n, lbl in enumerate(labels, 1)), (key, fmt, labels)
                elif numbering == "/Disc":
                    assert labels == [["\u2022"]] * len(labels), (key, fmt, labels)
                else:
                    assert numbering == "/None" and labels == [[]] * len(labels), (key, fmt)
    assert seen.keys() == {"/Decimal", "/Disc", "/None"}  # the shipped guides have all three


def test_a_print_shop_edition_is_read_as_the_office_edition(every_language, print_shop):
    """Bleed moves what is drawn and runs the bands past the trim; what is read stays the same:
    every string drawn on every page, in the same order and the same marked content (so every
    line of it reaches a screen reader as the office's does, checked above), and the same
    structure tree, element for element, word for word."""
    def outline(path: Path) -> list[tuple[int, str, str, str | None]]:
        rows: list[tuple[int, str, str, str | None]] = []

        def walk(el: Element, depth: int) -> None:
            rows.append((depth, el.role, el.text, el.alt))
            for child in el.children:
                walk(child, depth + 1)

        walk(read_tree(path), 0)
        return rows

    for key, files in print_shop.items():
        for fmt in ("handout", "booklet"):
            office = every_language[key][fmt]
            drawn = drawn_text(office)
            assert sum(len(page) for page in drawn) > 50, (key, fmt)
            assert drawn_text(files[fmt]) == drawn, (key, fmt)
            assert outline(files[fmt]) == outline(office), (key, fmt)


def test_every_kind_of_block_is_read_and_tagged_alike(tmp_path):
    """Lists, steps, checklists, tables and callout levels (the test guide of every kind), in
    every edition: every line read, the same structure, PDF/UA-1 and PDF/A-2."""
    page = pytest.importorskip("page", reason="needs the page-validation package")
    guide = (ROOT / "tests" / "fixtures" / "guides" / "every-kind.yaml").read_text()
    project = tiny_project(tmp_path, CLINIC, guide.replace("id: every-kind", "id: tiny"))
    files = {o.format: o.path for o in build_clinic(project, "c", ["tiny"], tmp_path / "out")}
    doc = document(project, "c", "tiny")
    shapes = {}
    for fmt in READING:
        tree = read_tree(files[fmt])
        assert not unread_lines(files[fmt], furniture(doc, fmt, tree, page_count(files[fmt])))
        shapes[fmt] = guide_part(tree, doc)
        for profile in ("ua1", "2a"):
            assert page.validate_pdf(files[fmt], profile=profile).is_compliant, (fmt, profile)
    assert page.validate_pdf(files["booklet-print"], profile="2b").is_compliant
    assert shapes["booklet"] == shapes["handout"] == shapes["large-print"]
    assert sum(role == "LI" for _, role in shapes["handout"]) == 3 + 2 + 3 + 3


@pytest.mark.slow
@pytest.mark.parametrize("clinic", ["hillcrest", "lakeside", "longfees"])
def test_the_sampler_is_read_and_tagged_alike(sampler, sampled, clinic):
    """The sampler guide (every kind of block, long cards, a long fee table) for each sampler
    clinic: every line read in every edition, the same structure, PDF/UA-1 and PDF/A-2."""
    page = pytest.importorskip("page", reason="needs the page-validation package")
    doc = document(sampler, clinic, "sampler")
    shapes = {}
    for fmt in READING:
        path = sampled(clinic, fmt)
        tree = read_tree(path)
        assert not unread_lines(path, furniture(doc, fmt, tree, page_count(path))), fmt
        shapes[fmt] = guide_part(tree, doc)
        for profile in ("ua1", "2a"):
            assert page.validate_pdf(path, profile=profile).is_compliant, (fmt, profile)
    assert page.validate_pdf(sampled(clinic, "booklet-print"), profile="2b").is_compliant
    assert shapes["booklet"] == shapes["handout"] == shapes["large-print"]


# -- the checks themselves, on PDFs made to fail them -----------------------------------------


def _painted(tmp_path: Path, painter) -> Path:
    """A one-page tagged PDF of one paragraph, with ``painter`` drawing on its page."""
    from handout.fonts import load
    from handout.tagging.document import Identity
    from handout.tagging.finishing import finish
    from tests.conftest import ROOT as root

    family = load(root / "fonts")
    style = ParagraphStyle("t", fontName=family.regular, fontSize=12, leading=16)
    story = [Paragraph("The story of the page.", style)]
    structure = mark_story(story)
    marks, path = Marks(), tmp_path / "painted.pdf"
    import datetime as dt

    created = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    template = SimpleDocTemplate(str(path), pagesize=(300, 300), initialFontName=family.regular)
    template.build(story, onFirstPage=lambda canvas, doc: painter(canvas, family, style),
                   canvasmaker=partial(TaggingCanvas, marks=marks, structure=structure,
                                       identity=Identity("Painted", "en", created)))
    path.write_bytes(finish(path.read_bytes()))
    return path


def test_a_painter_that_draws_text_on_the_bare_canvas_is_caught(tmp_path):
    def painter(canvas, family, style):
        canvas.setFont(family.regular, 9)
        canvas.drawString(20, 20, "Call us at (303) 555-0142")

    path = _painted(tmp_path, painter)
    unread = unread_lines(path, lambda line: False)
    assert unread == ["page 1 at (20, 20): 'Call us at (303) 555-0142' (artifact)"]


def test_what_a_painter_draws_through_the_tagging_tools_is_read_after_the_story(tmp_path):
    def painter(canvas, family, style):
        draw(canvas, _wrapped(Paragraph("A sign at the foot.", style)), 20, 40)
        draw(canvas, QRCode("https://example.org/book", 40, "QR code: book at example.org"),
             240, 240)
        canvas.setFont(family.regular, 9)
        with content(canvas):
            canvas.drawString(20, 20, "Date")
            with artifact(canvas):
                canvas.line(50, 20, 150, 20)  # the line to write on
        canvas.drawString(200, 20, "Page 1")  # furniture

    path = _painted(tmp_path, painter)
    tree = read_tree(path)
    assert [(c.role, c.all_text()) for c in tree.children] == [
        ("P", "The story of the page."), ("P", "A sign at the foot."), ("Link", ""),
        ("P", "Date")]
    qr = tree.children[2]
    assert qr.alt == "QR code: book at example.org" and qr.annotations
    assert [(f.role, f.alt) for f in qr.children] == [("Figure", "QR code: book at example.org")]
    assert unread_lines(path, lambda line: line.text == "Page 1") == []
    with pikepdf.open(path) as pdf:
        ops = [(str(op), ops) for ops, op in pikepdf.parse_content_stream(pdf.pages[0])]
    line_at = next(i for i, (op, _) in enumerate(ops) if op == "l")
    stack = []
    for op, operands in ops[:line_at]:
        if op in ("BDC", "BMC"):
            stack.append(str(operands[0]))
        elif op == "EMC":
            stack.pop()
    assert stack == ["/Artifact"]  # the writing line is furniture, inside the "Date" element


def _wrapped(flowable):
    flowable.wrap(260, 100)
    return flowable


CLINIC = ('name: Tiny Clinic\ncontact: {phone: "(303) 555-0142", booking: "https://tiny.example/book"}'
          '\nbrand: {primary: "#1D5B79"}\n')


def _guide_with_paragraphs(n: int) -> str:
    from tests.conftest import TINY_GUIDE

    extra = "".join(f'  - {{id: more-{i}, kind: paragraph, text: "{"Words to fill a page. " * 40}"}}\n'
                    for i in range(n))
    return TINY_GUIDE.replace("  - {id: panel, kind: clinic-panel}\n",
                              extra + "  - {id: panel, kind: clinic-panel}\n")


#: The small guide with three pages' worth of paragraphs more: its booklet has five pages of
#: its own, so three designed pages bring it to eight (checked in the test).
TINY_GUIDE_LONG = _guide_with_paragraphs(3)
