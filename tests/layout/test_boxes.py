"""A box (``layout.boxes``) laid out in real frames of real pages: whole where it fits, split
where it must, never a part with a lone title or a single line, nothing lost or repeated."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer

from handout.fonts import load
from handout.layout.boxes import Box, Padding, Surface
from handout.layout.markup import escape
from tests.conftest import ROOT

FAMILY = load(ROOT / "fonts")
BODY = ParagraphStyle("body", fontName=FAMILY.regular, fontSize=10, leading=14, spaceAfter=4,
                      allowWidows=0, allowOrphans=0)
TITLE = ParagraphStyle("title", parent=BODY, fontName=FAMILY.bold, keepWithNext=1)
CUE = ParagraphStyle("cue", parent=BODY, fontSize=8, leading=10)
FRAME_HEIGHT = 300
WIDTH = 200


def sentences(count: int, word: str = "Sentence") -> str:
    return " ".join(f"{word} {n} of the text in this box." for n in range(1, count + 1))


def box(*texts: str, title: str | None = "The title", **options) -> Box:
    content = [Paragraph(escape(title), TITLE)] if title else []
    content += [Paragraph(escape(t), BODY) for t in texts]
    options = {"surface": Surface(fill="#EEEEEE", bar=(4, "#1D5B79")),
               "padding": Padding(16, 14, 10, 8), "after": 12, **options}
    surface, padding = options.pop("surface"), options.pop("padding")
    return Box(content, surface, padding, cue=lambda: Paragraph(escape("(continued)"), CUE),
               **options)


class Laid:
    """A story placed frame after frame, as the doc template places it, and drawn."""

    def __init__(self, story: list):
        out = BytesIO()
        canvas = Canvas(out)
        self.pages: list[list] = []
        story = list(story)
        while story:
            frame = Frame(0, 0, WIDTH, FRAME_HEIGHT, leftPadding=0, rightPadding=0, topPadding=0,
                          bottomPadding=0)
            placed: list = []
            while story:
                flowable = story.pop(0)
                if frame.add(flowable, canvas, trySplit=1):
                    placed.append(flowable)
                    continue
                parts = frame.split(flowable, canvas)
                if parts and frame.add(parts[0], canvas):
                    placed.append(parts[0])
                    story[:0] = parts[1:]
                    continue
                assert placed, f"{flowable!r} fits no empty page"
                story.insert(0, flowable)
                break
            self.pages.append(placed)
            canvas.showPage()
        canvas.save()
        self.text = [" ".join((page.extract_text() or "").split())
                     for page in PdfReader(BytesIO(out.getvalue())).pages]


def read(laid: Laid) -> str:
    """The text of every page, each page's cue left out."""
    return " ".join(t for page in laid.text if (t := page.removeprefix("(continued)").strip()))


def lay_out(story: list) -> list[list]:
    return Laid(story).pages


def words(flowable) -> str:
    """The text of a flowable before layout (and of everything in it), as a reader reads it."""
    if isinstance(flowable, Box):
        return " ".join(words(f) for f in flowable.contents())
    if isinstance(flowable, Paragraph):
        return " ".join(flowable.getPlainText().split())
    return ""


def boxes_on(pages: list[list]) -> list[Box]:
    return [f for page in pages for f in page if isinstance(f, Box)]


def test_a_box_that_fits_the_rest_of_the_page_stays_whole():
    pages = lay_out([Spacer(WIDTH, 100), box(sentences(3))])
    assert len(pages) == 1 and len(boxes_on(pages)) == 1


def test_a_box_that_fits_a_page_moves_to_the_next_whole():
    whole = box(sentences(8))
    assert whole.wrap(WIDTH, 1e6)[1] < FRAME_HEIGHT
    pages = lay_out([Spacer(WIDTH, 250), whole])
    assert [len(p) for p in pages] == [1, 1] and pages[1][0] is whole
    assert "(continued)" not in words(whole)


def test_a_box_taller_than_a_page_starts_here_and_continues_with_a_cue():
    text = sentences(40)
    laid = Laid([Spacer(WIDTH, 120), box(text)])
    parts = boxes_on(laid.pages)
    assert len(parts) >= 3 and len(laid.pages) == len(parts)
    assert laid.pages[0][1] is parts[0]  # started on the first page, under the spacer
    assert all(page.startswith("(continued)") for page in laid.text[1:])
    assert "(continued)" not in laid.text[0]
    assert read(laid) == "The title " + text  # nothing lost, nothing repeated
    assert [p.open_top for p in parts] == [False] + [True] * (len(parts) - 1)
    assert [p.open_bottom for p in parts] == [True] * (len(parts) - 1) + [False]
    assert all(p.label is None for p in parts)
    assert all(p.after == 0 for p in parts[:-1]) and parts[-1].after == 12


@pytest.mark.parametrize("room", range(0, 260, 7))
def test_parts_never_end_with_the_title_nor_hold_a_single_line(room):
    """At every height the box may meet, a part never ends on its title, and each piece of
    the broken paragraph has at least two lines (ReportLab's widow and orphan rules)."""
    laid = Laid([Spacer(WIDTH, room), box(sentences(30))])
    for part in boxes_on(laid.pages):
        assert part.wrap(WIDTH, FRAME_HEIGHT)[1] <= FRAME_HEIGHT
        assert not part.content[-1].getKeepWithNext(), "a part ends with its title"
        for flowable in part.content:
            if isinstance(flowable, Paragraph) and flowable.style.name == "body":
                assert flowable.wrap(WIDTH - 30, 1e6)[1] >= 2 * BODY.leading - 1e-6
    assert read(laid) == "The title " + sentences(30)


def test_whole_paragraphs_move_on_whole_unless_taller_than_a_page():
    short = [sentences(3, f"P{n}") for n in range(1, 9)]
    laid = Laid([Spacer(WIDTH, 40), box(*short, whole_paragraphs=True)])
    assert len(boxes_on(laid.pages)) >= 2
    for page in laid.text:  # every paragraph starts and ends on the same page
        body = page.removeprefix("(continued)").strip().removeprefix("The title").strip()
        assert re.fullmatch(r"(P\d+ 1 of .*? P\d+ 3 of the text in this box\. ?)+", body), page
    parts = boxes_on(lay_out([box(sentences(40), whole_paragraphs=True)]))
    assert len(parts) >= 3  # a paragraph taller than a page is continued all the same


def test_a_box_in_a_box_continues_with_its_holder():
    inner = box(sentences(30), title="Inner")
    outer = Box([Paragraph(escape("Outer title"), TITLE), inner], frame_spacing=True,
                cue=lambda: Paragraph(escape("(outer continued)"), CUE))
    laid = Laid([Spacer(WIDTH, 100), outer])
    parts = boxes_on(laid.pages)
    assert len(parts) >= 2
    assert [sum(isinstance(f, Box) for f in p.content) for p in parts] == [1] * len(parts)
    assert all(page.startswith("(outer continued) (continued)") for page in laid.text[1:])


def test_a_box_without_a_surface_sits_as_its_content_would_loose():
    """``frame_spacing``: the same space between paragraphs as a frame gives them."""
    texts = [sentences(2, "A"), sentences(2, "B")]
    loose = [Paragraph(escape("The title"), TITLE)] + [Paragraph(escape(t), BODY) for t in texts]
    boxed = box(*texts, surface=Surface(), padding=Padding(), after=0, frame_spacing=True)

    def drawn(story) -> list[tuple[float, str]]:
        out = BytesIO()
        canvas = Canvas(out)
        Frame(0, 0, WIDTH, FRAME_HEIGHT).addFromList(story, canvas)
        assert not story, "not all of it was placed"
        canvas.showPage()
        canvas.save()
        found: list[tuple[float, str]] = []
        PdfReader(BytesIO(out.getvalue())).pages[0].extract_text(
            visitor_text=lambda t, cm, tm, *_: found.append((round(cm[5] + tm[5], 2), t))
            if t.strip() else None)
        return found

    assert drawn(loose) == drawn([boxed])


class Picture(Flowable):
    """Like a picture: a size of its own, and no way to split."""

    def __init__(self, height: float):
        super().__init__()
        self.width, self.height = 100, height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.rect(0, 0, self.width, self.height, fill=1)


def test_what_cannot_be_split_is_left_to_its_frame_to_report():
    whole = Box([Paragraph(escape("Title"), TITLE), Picture(FRAME_HEIGHT + 10)], Surface(),
                Padding(16, 14, 0, 0), cue=lambda: Paragraph(escape("(continued)"), CUE))
    with pytest.raises(AssertionError, match="fits no empty page"):
        lay_out([whole])
    fits = Box([Paragraph(escape("Title"), TITLE), Picture(FRAME_HEIGHT - 40)], Surface(),
               Padding(16, 14, 0, 0), cue=lambda: Paragraph(escape("(continued)"), CUE))
    assert [len(page) for page in lay_out([Spacer(WIDTH, 100), fits])] == [1, 1]


def test_a_split_leaves_no_stray_space_at_a_part_s_edges():
    content = [Paragraph(escape(sentences(14)), BODY), Spacer(WIDTH, 20),
               Paragraph(escape(sentences(14, "Other")), BODY)]
    laid = Laid([Box(content, cue=lambda: Paragraph(escape("(continued)"), CUE))])
    parts = boxes_on(laid.pages)
    assert len(parts) >= 2
    assert all(not isinstance(p.content[0], Spacer) and not isinstance(p.content[-1], Spacer)
               for p in parts)
    assert " ".join(laid.text).replace("(continued)", "").split() == \
        (sentences(14) + " " + sentences(14, "Other")).split()
