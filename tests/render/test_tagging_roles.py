"""Which structure element each flowable gets, from its role and the blocks it came from."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from handout.model.guide import Item, Items, Section
from handout.model.guide import Paragraph as ParagraphBlock
from handout.tagging.nodes import Node
from handout.tagging.story import mark_story, node_of

STYLE = ParagraphStyle("t")


def para(text: str, **attrs) -> Paragraph:
    p = Paragraph(text, STYLE)
    for k, v in attrs.items():
        setattr(p, k, v)
    return p


def path(node: Node) -> list[str]:
    return [n.role for n in node.ancestors()]


def test_blocks_group_their_flowables_and_paragraphs_default_to_p():
    section = Section(id="s", kind="section", heading="H")
    child = ParagraphBlock(id="p", kind="paragraph", text="body")
    heading, body, after = para("H", role="H2"), para("body"), para("after")
    heading._blocks, body._blocks, after._blocks = (section,), (section, child), ()
    root = mark_story([heading, body, after]).root
    assert path(node_of(heading)) == ["Document", "Sect", "H2"]
    assert path(node_of(body)) == ["Document", "Sect", "P"]
    assert node_of(body).parent is node_of(heading).parent
    assert node_of(after).parent is root


def test_cards_drawn_as_loose_flowables_are_list_items():
    items = Items(id="i", kind="items", heading="Benefits", item_label="Benefit",
                  items=(Item(id="a", title="Title", body="Body"),))
    first = [para("Benefit 1", role="Lbl", list_item="a"), para("Title", list_item="a")]
    second = [para("Benefit 2", role="Lbl", list_item="b"), para("Body", list_item="b")]
    note = para("At the clinic")
    story = [*first, Spacer(1, 4), *second, KeepTogether([note])]
    for f in story:
        f._blocks = (items,)
    mark_story(story)
    assert path(node_of(first[0])) == ["Document", "Sect", "L", "LI", "Lbl"]
    assert path(node_of(first[1])) == ["Document", "Sect", "L", "LI", "LBody", "P"]
    assert node_of(first[1]).parent.parent is not node_of(second[1]).parent.parent  # two items
    assert node_of(first[1]).parent.parent.parent is node_of(second[1]).parent.parent.parent
    assert node_of(note).parent is node_of(second[1]).parent  # the note continues item 2


def test_data_table_header_rows_are_th_and_layout_tables_vanish():
    head, cell = para("Fee"), para("$1")
    table = Table([[head], [cell]], repeatRows=1)
    table.role = "Table"
    inner = para("inside a layout table")
    layout = Table([[[inner]]])
    mark_story([table, layout])
    assert path(node_of(head)) == ["Document", "Table", "TR", "TH", "P"]
    assert dict(node_of(head).parent.attributes) == {"O": "Table", "Scope": "Column"}
    assert path(node_of(cell)) == ["Document", "Table", "TR", "TD", "P"]
    assert path(node_of(inner)) == ["Document", "P"]


def test_a_figure_without_alt_text_is_decorative():
    picture = Spacer(10, 10)
    picture.role, picture.alt = "Figure", ""
    mark_story([picture])
    assert node_of(picture) is None  # drawn as an artifact
    with pytest.raises(ValueError, match="alternative text"):
        Node("Figure", None)


def test_a_split_paragraph_keeps_its_element():
    p = para(" ".join(["word"] * 400))
    mark_story([p])
    p.wrap(200, 10_000)
    parts = p.split(200, 100)
    assert len(parts) == 2 and all(node_of(part) is node_of(p) for part in parts)


def test_each_build_pass_records_afresh(tmp_path):
    """ReportLab may lay a story out more than once (multiBuild); only the last pass counts."""
    from functools import partial

    from reportlab.platypus import SimpleDocTemplate

    from handout.tagging import Marks, TaggingCanvas

    story = [para(" ".join(["word"] * 300)), para("end", role="H2")]
    mark_story(story)
    counts = []
    for _ in range(2):
        marks = Marks()
        SimpleDocTemplate(str(tmp_path / "out.pdf"), pagesize=(300, 200)).build(
            list(story), canvasmaker=partial(TaggingCanvas, marks=marks))
        counts.append([(r.page, r.mcid, r.node.role) for r in marks.records])
    assert counts[0] == counts[1] and len({page for page, _, _ in counts[0]}) >= 2


def test_a_link_broken_over_two_lines_is_one_link_element(tmp_path):
    import datetime as dt
    from functools import partial

    from reportlab.platypus import SimpleDocTemplate

    from handout.fonts import load
    from handout.tagging import Marks, TaggingCanvas
    from handout.tagging.document import Identity
    from handout.tagging.finishing import finish
    from tests.conftest import ROOT
    from tests.render.structure import read_tree

    family = load(ROOT / "fonts")
    style = ParagraphStyle("t", fontName=family.regular, fontSize=12, leading=16)
    words = "a link long enough to run from one line onto the next"
    story = [Paragraph(f'Before <a href="https://example.org/x">{words}</a> after.', style)]
    mark_story(story)
    marks, path = Marks(), tmp_path / "link.pdf"
    created = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    SimpleDocTemplate(str(path), pagesize=(260, 300), initialFontName=family.regular).build(
        story, canvasmaker=partial(TaggingCanvas, marks=marks,
                                   identity=Identity("Link test", "en", created)))
    path.write_bytes(finish(path.read_bytes()))
    p = read_tree(path).find("P")[0]
    assert p.text == "Before after."
    (link,) = p.children
    assert link.role == "Link" and link.all_text() == words
    assert len(link.content) == len(link.annotations) >= 2  # a sequence and an annotation a line
    # what makes the file PDF/UA comes with the tagging, whatever the template asked for
    import pikepdf

    with pikepdf.open(path) as pdf:
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert bool(pdf.Root.MarkInfo.Marked) is True and str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo.Title) == "Link test"


def test_a_badge_and_a_kicker_label_one_item_boxed_or_open():
    items = Items(id="i", kind="items", heading="Benefits", item_label="Benefit",
                  items=(Item(id="a", title="Title", body="Body"),))
    badge, kicker, title = para("1", role="Lbl"), para("Benefit 1", role="Lbl"), para("Title")
    boxed = Table([[badge, [kicker, title]]])
    boxed.role = "LI"
    open_kicker, open_title = para("Benefit 1", role="Lbl"), para("Title")
    for f in (open_kicker, open_title):
        f.list_item = items.items[0]
    boxed._blocks = open_kicker._blocks = open_title._blocks = (items,)
    mark_story([boxed])
    assert node_of(badge) is node_of(kicker)
    assert path(node_of(badge)) == ["Document", "Sect", "L", "LI", "Lbl"]
    assert path(node_of(title)) == ["Document", "Sect", "L", "LI", "LBody", "P"]
    mark_story([open_kicker, open_title])
    assert path(node_of(open_kicker)) == ["Document", "Sect", "L", "LI", "Lbl"]
    assert path(node_of(open_title)) == ["Document", "Sect", "L", "LI", "LBody", "P"]


def test_kept_in_frame_groups_tables_of_contents_and_furniture():
    from reportlab.platypus import KeepInFrame

    from handout.tagging import grouped

    inside = para("shrunk to fit")
    entry, number = para("Chapter"), para("3")
    contents = Table([[entry, number]])
    contents.role = "TOC"
    lines = Spacer(1, 1)
    lines.role = "Artifact"
    bullet, text, after = para("\u2022", role="Lbl"), para("a question"), para("after the list")
    row = Table([[bullet, text]])
    row.role = "LI"
    page = grouped([*grouped([row], None), after, lines])
    mark_story([KeepInFrame(100, 100, [inside]), contents, *page])
    assert path(node_of(inside)) == ["Document", "P"]
    assert node_of(entry) is node_of(number)  # an entry is read with its page number
    assert path(node_of(entry)) == ["Document", "TOC", "TOCI", "P"]
    assert node_of(lines) is None  # furniture: no element
    assert path(node_of(text)) == ["Document", "Sect", "L", "LI", "LBody", "P"]
    assert path(node_of(after)) == ["Document", "Sect", "P"]  # the list ended with its group
    assert node_of(after).parent is node_of(bullet).parent.parent.parent
