"""The tagged PDF read back: its structure tree, marked content, links, fonts and metadata."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pikepdf
import pytest
from pypdf import PdfReader

from handout import inline
from handout.build import build_clinic, document
from handout.model.guide import (
    BLOCK_KINDS,
    BulletList,
    Callout,
    Checklist,
    ClinicPanel,
    DataTable,
    Faq,
    Figure,
    Items,
    Paragraph,
    Quote,
    Section,
    Sources,
    Steps,
)
from handout.model.parts import walk
from tests.conftest import GUIDE, ROOT, sampler_project
from tests.render.structure import Element, read_tree

PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI"}


@pytest.fixture(scope="module")
def trees(built) -> dict[str, Element]:
    """The shipped guide's handout for each shipped clinic."""
    return {clinic: read_tree(path) for clinic, path in built.items()}


@pytest.fixture(scope="module")
def sampler_trees(sampler, sampled) -> dict[str, Element]:
    """The sampler guide's handout (every kind of block) for each sampler clinic."""
    return {clinic: read_tree(sampled(clinic)) for clinic in sampler.clinic_names()}


def expected(block) -> list[tuple]:
    """What one guide block should become in the tree: (role, heading, children) or (role,)."""
    if isinstance(block, Paragraph):
        return [("P",)]
    if isinstance(block, Quote):
        return [("BlockQuote",)]
    if isinstance(block, Callout):
        return [("Div",)]
    if isinstance(block, Figure):  # the caption follows its figure
        return [("Figure", block.alt)] + [("P",)] * bool(block.caption)
    if isinstance(block, (BulletList, Steps, Checklist)):  # the intro comes before the list
        return [("P",)] * bool(block.intro) + [("L", len(block.items))]
    if isinstance(block, DataTable):  # the caption, then a header row and the rows
        return [("P",), ("Table", 1 + len(block.rows))]
    if isinstance(block, Section):
        return [("Sect", block.heading, [s for child in block.blocks for s in expected(child)])]
    if isinstance(block, Items):
        return [("Sect", block.heading, [("P",)] * bool(block.intro) + [("L", len(block.items))])]
    if isinstance(block, Faq):
        return [("Sect", block.heading, [("H3", e.question) for e in block.entries])]
    if isinstance(block, (ClinicPanel, Sources)):
        return [("Sect",)]
    raise AssertionError(f"no expectation for {block.kind}")


def shape(el: Element, deep: bool = True) -> tuple:
    """The same shape, read from the tree (a FAQ's answers and notes left out)."""
    if el.role == "Figure":
        return ("Figure", el.alt)
    if el.role != "Sect" or not deep:
        return (el.role, len(el.children)) if el.role in ("L", "Table") else (el.role,)
    first = next(i for i, c in enumerate(el.children) if re.fullmatch(r"H\d", c.role))
    heading, rest = el.children[first], el.children[first + 1:]  # a kicker may come first
    if any(c.role == "H3" for c in rest):  # questions and answers: compare the questions
        return ("Sect", heading.text, [("H3", c.text) for c in rest if c.role == "H3"])
    return ("Sect", heading.text, [shape(c) for c in rest])


def check_sequence(doc, tree: Element) -> None:
    """Masthead, title, subtitle, then one element per block in order, then the colophon."""
    assert tree.role == "Document"
    roles = [c.role for c in tree.children]
    title = roles.index("H1")
    assert roles.count("H1") == 1 and tree.children[title].text == doc.guide.title
    masthead = roles[:title]  # the clinic's name and contacts, its logo, the kicker
    assert set(masthead) <= {"Figure", "P"} and "P" in masthead
    assert masthead.count("Figure") == (doc.clinic.brand.logo is not None)
    start = title + 1
    if doc.guide.subtitle:
        assert roles[start] == "P" and tree.children[start].text == doc.guide.subtitle
        start += 1
    want = [s for b in doc.blocks for s in expected(b)]
    got = [shape(el, deep=len(w) == 3) for el, w in zip(tree.children[start:], want, strict=False)]
    assert got == want
    colophon = tree.children[start + len(want):]
    if doc.clinic.language_assistance is not None:  # then the notice: its heading, a P each
        notice = [c.role for c in colophon].index("H2")
        assert colophon[notice].text == doc.words("language_assistance")
        colophon = colophon[:notice] + colophon[notice + 1:]
    assert [c.role for c in colophon] == ["P"] * len(colophon) and colophon
    assert "Edition for" in colophon[0].text


def test_element_sequence_matches_the_guide_blocks_in_order(sampler, sampler_trees):
    kinds = set()
    for clinic, tree in sampler_trees.items():
        doc = document(sampler, clinic, "sampler")
        check_sequence(doc, tree)
        kinds |= {block.kind for _, block in walk(doc.blocks)}
    assert kinds == set(BLOCK_KINDS)  # the sampler has every kind of block


def test_shipped_element_sequence_matches_the_guide_blocks(project, trees):
    for clinic, tree in trees.items():
        check_sequence(document(project, clinic, GUIDE), tree)


def test_headings_nest_without_skipping_levels(trees, sampler_trees):
    for clinic, tree in [*trees.items(), *sampler_trees.items()]:
        levels = [int(e.role[1]) for e in tree.walk() if re.fullmatch(r"H\d", e.role)]
        assert levels[0] == 1 and levels.count(1) == 1, clinic
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (clinic, levels)


def plain(text: str) -> str:
    return inline.plain(inline.parse(text))


def pages(el: Element) -> list[int]:
    """The pages an element and its children are drawn on."""
    return sorted({page for e in el.walk() for page, _ in e.content})


def cards(tree: Element, heading: str) -> Element:
    """The list of numbered cards under ``heading``."""
    [section] = [s for s in tree.find("Sect")
                 if any(re.fullmatch(r"H\d", c.role) and c.text == heading for c in s.children)]
    lists = [c for c in section.children if c.role == "L"]
    assert len(lists) == 1, f"{len(lists)} lists under {heading!r}"
    return lists[0]


def fee_table(tree: Element) -> Element:
    [table] = [t for t in tree.find("Table")
               if [th.all_text() for th in t.children[0].children] == ["Service", "Fee"]]
    return table


def test_numbered_cards_are_list_items_with_label_and_body(sampler, sampler_trees):
    doc = document(sampler, "lakeside", "sampler")
    blocks = [b for _, b in walk(doc.blocks) if isinstance(b, Items)]
    lists = [cards(sampler_trees["lakeside"], b.heading) for b in blocks]
    assert [len(lst.children) for lst in lists] == [len(b.items) for b in blocks] == [3, 10]
    for block, lst in zip(blocks, lists, strict=True):
        for n, (item, li) in enumerate(zip(block.items, lst.children, strict=True), 1):
            assert li.role == "LI"
            assert [c.role for c in li.children] == ["Lbl", "LBody"]
            # the badge and the kicker ("Benefit 1") both label the item; its title starts its body
            assert li.children[0].text == f"{n} {block.item_label} {n}"
            assert li.children[1].all_text().startswith(f"{plain(item.title)} {plain(item.body)}")


def test_large_print_cards_are_list_items_too(sampler, sampled):
    doc = document(sampler, "lakeside", "sampler")
    blocks = [b for _, b in walk(doc.blocks) if isinstance(b, Items)]
    tree = read_tree(sampled("lakeside", "large-print"))
    lists = [cards(tree, b.heading) for b in blocks]
    assert [len(lst.children) for lst in lists] == [len(b.items) for b in blocks]
    for lst in lists:
        for n, li in enumerate(lst.children, 1):
            assert [c.role for c in li.children] == ["Lbl", "LBody"]
            assert li.children[0].text.split()[-1] == str(n)  # "Step 1": open cards say it


def test_a_list_that_continues_overleaf_is_one_list_of_whole_cards(sampler_trees):
    ten = cards(sampler_trees["lakeside"], "Ten Cards in a Row")
    assert len(pages(ten)) >= 2  # ten cards do not fit on one page
    for li in ten.children:  # a card moves overleaf whole
        assert len(pages(li)) == 1, li.all_text()[:40]
    # each label starts with its badge's number ("1 Card 1")
    assert [li.children[0].text.split()[0] for li in ten.children] == [str(n) for n in range(1, 11)]


def test_the_cost_note_is_part_of_the_card_that_talks_about_cost(sampler, sampler_trees):
    pricing = document(sampler, "lakeside", "sampler").clinic.pricing
    costs = next(li for li in sampler_trees["lakeside"].find("LI")
                 if "The Third Card Talks About Cost" in li.all_text())
    body = costs.children[1].all_text()
    assert "At Lakeside Test Clinic" in body
    assert f"Payment plans. {pricing.payment_plans}" in body
    assert f"Sliding scale. {pricing.sliding_scale}" in body


def test_testimonial_is_a_block_quote(sampler, sampler_trees):
    block = next(b for b in document(sampler, "lakeside", "sampler").blocks if isinstance(b, Quote))
    [quote] = sampler_trees["lakeside"].find("BlockQuote")
    assert quote.children[0].text == f"\u201c{block.text}\u201d"
    assert quote.children[-1].text == f"\u2014 {block.attribution}"


def test_fee_table_has_header_cells_and_rows(sampler, sampler_trees):
    items = document(sampler, "lakeside", "sampler").clinic.pricing.items
    rows = fee_table(sampler_trees["lakeside"]).children
    assert [r.role for r in rows] == ["TR"] * (1 + len(items))
    assert [c.role for c in rows[0].children] == ["TH", "TH"]
    assert all(c.attributes.get("Scope") == "/Column" for c in rows[0].children)
    assert [c.all_text() for c in rows[0].children] == ["Service", "Fee"]
    for row, item in zip(rows[1:], items, strict=True):
        assert [c.role for c in row.children] == ["TD", "TD"]
        assert row.children[0].all_text() == " ".join(filter(None, (item.label, item.note)))
        assert row.children[1].all_text() == item.price


def test_figures_have_alt_text_from_the_yaml(project, trees):
    for clinic, tree in trees.items():
        figures = tree.find("Figure")
        assert figures and all(f.alt for f in figures), clinic
        logo = project.clinic(clinic).value.brand.logo
        if logo is not None:
            assert figures[0].alt == logo.alt
    qr = trees["boulder"].find("Figure")[-1]
    assert qr.alt == "QR code: book a visit at boulderketamine.example/book"


def test_citations_are_references_to_numbered_notes(sampler, sampler_trees):
    doc = document(sampler, "lakeside", "sampler")
    tree = sampler_trees["lakeside"]
    notes = tree.find("Note")
    assert len(doc.sources) == 5
    assert [n.all_text() for n in notes] == [f"{i}. {s.citation}" + (f" {s.url}" if s.url else "")
                                       for i, s in enumerate(doc.sources, 1)]
    assert len({n.ident for n in notes}) == len(notes)
    refs = tree.find("Reference")
    assert all([c.role for c in r.children] == ["Link"] for r in refs)
    cited = [int(r.all_text().strip("[]")) for r in refs]  # in reading order
    assert len(cited) == 9  # as the sampler guide cites them
    first = sorted(set(cited), key=cited.index)
    assert first == list(range(1, len(doc.sources) + 1))  # numbered as a reader meets them


def test_every_link_annotation_has_a_link_element(built):
    for clinic, path in built.items():
        tree = read_tree(path)
        linked = {(page, objgen) for link in tree.find("Link") for page, objgen in link.annotations}
        with pikepdf.open(path) as pdf:
            parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
            by_key = {int(parent_tree[i]): parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
            count = 0
            for n, page in enumerate(pdf.pages):
                annots = page.obj.get("/Annots", [])
                if len(annots):
                    assert page.obj.Tabs == "/S", (clinic, n)
                for annot in annots:
                    count += 1
                    assert (n, annot.objgen) in linked, (clinic, n, annot.get("/A"))
                    assert str(annot.Contents).strip(), (clinic, n)
                    assert by_key[int(annot.StructParent)].S == "/Link"
        assert count == len(linked) > 5, clinic


def test_link_descriptions_say_what_the_link_shows(built):
    with pikepdf.open(built["boulder"]) as pdf:
        contents = {str(a.Contents) for p in pdf.pages for a in p.obj.get("/Annots", [])}
    assert {"(303) 555-0142", "care@boulderketamine.example", "[1]",
            "QR code: book a visit at boulderketamine.example/book"} <= contents


def content_sequences(page: pikepdf.Page):
    """Every painting operator of a page with the marked-content stack around it."""
    stack: list[tuple[str, int | None]] = []
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name == "BDC":
            props = operands[1]
            stack.append((str(operands[0]), int(props.MCID) if "/MCID" in props else None))
        elif name == "BMC":
            stack.append((str(operands[0]), None))
        elif name == "EMC":
            stack.pop()
        elif name in PAINTING:
            yield name, list(stack)
    assert not stack


def test_every_mcid_belongs_to_exactly_one_element_or_artifact(built):
    for clinic, path in built.items():
        tree = read_tree(path)
        owners: dict[tuple[int, int], int] = {}
        for el in tree.walk():
            for ref in el.content:
                owners[ref] = owners.get(ref, 0) + 1
        assert all(n == 1 for n in owners.values()), clinic
        with pikepdf.open(path) as pdf:
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            drawn: set[tuple[int, int]] = set()
            for n, page in enumerate(pdf.pages):
                slots = parent_tree[int(page.obj.StructParents)]
                for op, stack in content_sequences(page):
                    marked = [(tag, mcid) for tag, mcid in stack if mcid is not None]
                    artifact = any(tag == "/Artifact" for tag, _ in stack)
                    assert len(marked) + artifact == 1, (clinic, n, op, stack)  # one owner, no nesting
                    if marked:
                        tag, mcid = marked[0]
                        drawn.add((n, mcid))
                        assert slots[mcid].S == tag, (clinic, n, mcid)
        assert drawn == set(owners), clinic


def test_a_paragraph_split_across_pages_stays_one_element(tmp_path):
    project = sampler_project(tmp_path)
    clinic = project.clinics_dir / "hillcrest.yaml"
    long = " ".join(f"Sentence {n} of a long note that has to continue on the next page." for n in
                    range(1, 90))
    clinic.write_text(clinic.read_text() + f"""
guides:
  short:
    overrides:
      - op: append
        after: intro
        block: {{id: long-note, kind: paragraph, text: "{long}"}}
""")
    path = build_clinic(project, "hillcrest", ["short"], tmp_path / "out", ["handout"])[0].path
    [long_p] = [p for p in read_tree(path).find("P") if "Sentence 1 of" in p.text]
    assert len(pages(long_p)) >= 2  # 89 sentences are more than a page
    assert long_p.text == long


def test_words_either_side_of_a_line_break_stay_apart(sampler, sampled, sampler_trees):
    intro = document(sampler, "lakeside", "sampler").blocks[0]
    p = next(p for p in sampler_trees["lakeside"].find("P") if p.text.startswith("Amber"))
    # every word as written, the citation's "[1]" aside (it belongs to its Reference)
    assert p.text == " ".join(intro.text.replace("[@alpha]", "").split())
    lines = [line for line in PdfReader(str(sampled("lakeside"))).pages[0].extract_text()
             .splitlines() if line.strip() and line.strip() in intro.text]
    assert len(lines) >= 3  # the paragraph has line breaks to join


def test_document_says_it_is_tagged_pdf_ua(built):
    with pikepdf.open(built["boulder"]) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.Lang == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Understanding Ketamine Benefits and Risks: A Patient Guide"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:creator"] == ["Boulder Ketamine & Wellness"]
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "A")
        assert meta["xmp:CreateDate"] == "2026-11-01T00:00:00+00:00"  # the guide's review date
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        profile = intent.DestOutputProfile.read_bytes()
        assert profile == (ROOT / "src/handout/tagging/icc/sRGB.icc").read_bytes()
        assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "  # an ICC profile of RGB
        assert "zlib" in (ROOT / "src/handout/tagging/icc/LICENSE").read_text()


def test_no_font_maps_a_code_to_u0000(built):
    for clinic, path in built.items():
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                    cmap = obj.ToUnicode.read_bytes()
                    assert b"<0000>" not in cmap.split(b"begincodespacerange")[1], clinic
                    assert re.search(rb"<41> <0041>", cmap) or b"beginbfchar" in cmap


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler-utils")
def test_poppler_sees_a_tagged_pdf(built):
    info = subprocess.run(["pdfinfo", str(built["boulder"])], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_headings_come_in_the_same_order_on_the_page_and_in_the_tree(built, trees):
    text = subprocess.run(["pdftotext", str(built["boulder"]), "-"], capture_output=True,
                          text=True).stdout
    text = " ".join(text.split())
    headings = [e.text for e in trees["boulder"].walk() if re.fullmatch(r"H\d", e.role)]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_a_table_header_repeated_overleaf_is_an_artifact(sampled):
    path = sampled("longfees")
    tree = read_tree(path)
    table = fee_table(tree)
    header = table.children[0]
    on = pages(table)
    assert len(on) >= 2  # forty fees: the table continues overleaf
    assert pages(header) == on[:1]
    reader = PdfReader(str(path))
    for page in on[1:]:  # printed again on every page the table goes on to, but not read twice
        first_row = next(row for row in table.children[1:] if page in pages(row))
        text = " ".join(reader.pages[page].extract_text().split())
        assert text.index("Service Fee") < text.index(first_row.children[0].all_text()), page
    assert [th.all_text() for th in table.find("TH")] == ["Service", "Fee"]


def test_links_hold_the_words_they_show(trees):
    links = {link.all_text() for link in trees["boulder"].find("Link")}
    assert {"(303) 555-0142", "care@boulderketamine.example", "[1]", "boulderketamine.example/book",
            ""} <= links  # "": the QR code, a Figure inside its Link
    studies = next(p for p in trees["boulder"].find("P") if p.text.startswith("Studies suggest"))
    assert "[1]" not in studies.text  # the citation's words belong to its Link, not to the P
    assert studies.children[0].role == "Reference"
    qr_link = next(link for link in trees["boulder"].find("Link") if link.find("Figure"))
    assert qr_link.annotations


def test_pikepdf_is_imported_only_to_finish_a_pdf():
    code = "import sys, handout.cli, handout.render; print('pikepdf' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
