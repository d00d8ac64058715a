"""The tagged PDF read back: its structure tree, marked content, links, fonts and metadata."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pikepdf
import pytest
from pypdf import PdfReader

from handout.build import build_clinic, document
from handout.model.guide import Callout, ClinicPanel, Faq, Items, Paragraph, Quote, Section, Sources
from tests.conftest import GUIDE, copy_project
from tests.render.structure import Element, read_tree

PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI"}


@pytest.fixture(scope="module")
def trees(built) -> dict[str, Element]:
    return {clinic: read_tree(path) for clinic, path in built.items()}


def expected(block) -> tuple:
    """What one guide block should become in the tree, as (role, heading, children)."""
    if isinstance(block, Paragraph):
        return ("P",)
    if isinstance(block, Quote):
        return ("BlockQuote",)
    if isinstance(block, Callout):
        return ("Div",)
    if isinstance(block, Section):
        return ("Sect", block.heading, [expected(child) for child in block.blocks])
    if isinstance(block, Items):
        return ("Sect", block.heading, [("P",)] * bool(block.intro) + [("L", len(block.items))])
    if isinstance(block, Faq):
        return ("Sect", block.heading, [("H3", e.question) for e in block.entries])
    if isinstance(block, (ClinicPanel, Sources)):
        return ("Sect",)
    raise AssertionError(f"no expectation for {block.kind}")


def shape(el: Element, deep: bool = True) -> tuple:
    """The same shape, read from the tree (a FAQ's answers and notes left out)."""
    if el.role != "Sect" or not deep:
        return (el.role, len(el.children)) if el.role == "L" else (el.role,)
    first = next(i for i, c in enumerate(el.children) if re.fullmatch(r"H\d", c.role))
    heading, rest = el.children[first], el.children[first + 1:]  # a kicker may come first
    if any(c.role == "H3" for c in rest):  # questions and answers: compare the questions
        return ("Sect", heading.text, [("H3", c.text) for c in rest if c.role == "H3"])
    return ("Sect", heading.text, [shape(c) for c in rest])


def test_element_sequence_matches_the_guide_blocks_in_order(project, trees):
    doc = document(project, "boulder", GUIDE)
    tree = trees["boulder"]
    assert tree.role == "Document"
    assert [c.role for c in tree.children[:6]] == ["Figure", "P", "P", "P", "H1", "P"]
    assert tree.children[4].text == doc.guide.title
    want = [expected(b) for b in doc.blocks]
    got = [shape(el, deep=len(w) == 3) for el, w in zip(tree.children[6:], want, strict=False)]
    assert got == want
    colophon = tree.children[6 + len(want):]
    assert [c.role for c in colophon] == ["P"] and "Edition for" in colophon[0].text


def test_headings_nest_without_skipping_levels(trees):
    for clinic, tree in trees.items():
        levels = [int(e.role[1]) for e in tree.walk() if re.fullmatch(r"H\d", e.role)]
        assert levels[0] == 1 and levels.count(1) == 1, clinic
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (clinic, levels)


def test_numbered_cards_are_list_items_with_label_and_body(trees):
    lists = trees["boulder"].find("L")
    assert [len(lst.children) for lst in lists] == [4, 4]
    for lst in lists:
        for n, item in enumerate(lst.children, 1):
            assert item.role == "LI"
            assert [c.role for c in item.children] == ["Lbl", "LBody"]
            assert item.children[0].text == str(n)
            assert item.children[1].all_text().startswith(("Benefit", "Risk"))


def test_the_cost_note_is_part_of_the_costs_card(trees):
    costs = next(li for li in trees["boulder"].find("LI") if "Costs Can Add Up" in li.all_text())
    assert "At Boulder Ketamine & Wellness" in costs.all_text()
    assert "Payment plans." in costs.all_text()


def test_testimonial_is_a_block_quote(trees):
    quote = trees["boulder"].find("BlockQuote")
    assert len(quote) == 1
    assert quote[0].all_text().startswith("\u201cI didn\u2019t know what to expect")
    assert quote[0].children[-1].text == "\u2014 Boulder, CO"


def test_fee_table_has_header_cells_and_rows(trees):
    table = trees["boulder"].find("Table")[0]
    rows = table.children
    assert [r.role for r in rows] == ["TR"] * 6
    assert [c.role for c in rows[0].children] == ["TH", "TH"]
    assert all(c.attributes.get("Scope") == "/Column" for c in rows[0].children)
    assert [c.all_text() for c in rows[0].children] == ["Service", "Fee"]
    assert rows[2].children[0].all_text() == "Single IV ketamine infusion"
    assert rows[2].children[1].all_text() == "$475"


def test_figures_have_alt_text_from_the_yaml(project, trees):
    for clinic, tree in trees.items():
        figures = tree.find("Figure")
        assert figures and all(f.alt for f in figures), clinic
        logo = project.clinic(clinic).value.brand.logo
        if logo is not None:
            assert figures[0].alt == logo.alt
    qr = trees["boulder"].find("Figure")[-1]
    assert qr.alt == "QR code linking to boulderketamine.example/book"


def test_citations_are_references_to_numbered_notes(trees):
    tree = trees["boulder"]
    notes = tree.find("Note")
    assert [n.text.split(".")[0] for n in notes] == ["1", "2", "3", "4", "5", "6"]
    assert len({n.ident for n in notes}) == 6
    refs = tree.find("Reference")
    assert refs and all([c.role for c in r.children] == ["Link"] for r in refs)


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
            "QR code linking to boulderketamine.example/book"} <= contents


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
    project = copy_project(tmp_path)
    clinic = project.root / "content" / "clinics" / "boulder.yaml"
    long = " ".join(f"Sentence {n} of a long note that has to continue on the next page." for n in
                    range(1, 90))
    clinic.write_text(clinic.read_text() + f"""
      - op: append
        after: intro-studies
        block:
          id: long-note
          kind: paragraph
          text: "{long}"
""")
    path = build_clinic(project, "boulder", [GUIDE], tmp_path / "out", formats=["handout"])[0].path
    tree = read_tree(path)
    long_p = [p for p in tree.find("P") if "Sentence 1 of" in p.text]
    assert len(long_p) == 1
    pages = {page for page, _ in long_p[0].content}
    assert len(pages) >= 2
    assert "Sentence 1 of" in long_p[0].text and "Sentence 89 of" in long_p[0].text


def test_words_either_side_of_a_line_break_stay_apart(trees):
    lede = trees["boulder"].children[6]
    assert lede.text.startswith("Ketamine may offer fast relief for some people living with "
                                "depression, PTSD, or pain.")


def test_document_says_it_is_tagged_pdf_ua(built):
    with pikepdf.open(built["boulder"]) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.Lang == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Understanding Ketamine Benefits and Risks: A Patient Guide"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:creator"] == ["Boulder Ketamine & Wellness"]


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


def test_a_table_header_repeated_overleaf_is_an_artifact(built, trees):
    table = trees["boulder"].find("Table")[0]
    pages = sorted({page for el in table.walk() for page, _ in el.content})
    header_pages = {page for th in table.children[0].children for el in th.walk()
                    for page, _ in el.content}
    assert len(pages) == 2 and header_pages == {pages[0]}  # the table continues overleaf
    overleaf = PdfReader(str(built["boulder"])).pages[pages[1]].extract_text()
    assert "Service" in overleaf and "Fee" in overleaf  # printed again, but not read twice
    assert sum(th.all_text() == "Service" for th in trees["boulder"].find("TH")) == 1


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
