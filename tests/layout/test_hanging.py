"""Where a list item breaks at the foot of a page: a numbered step's title is never left at the
foot of one page with its text on the next."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from handout.layout.hanging import Hanging

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=16)
WIDTH = 300
TEXT = " ".join(["Follow the rules about food and drink that the clinic gave you."] * 4)


def step() -> Hanging:
    title = Paragraph("Eat and drink as we told you", STYLE)
    title.keepWithNext = True  # as the steps builder marks a title that has text after it
    return Hanging(Paragraph("1.", STYLE), [title, Paragraph(TEXT, STYLE)], 24)


def test_a_title_with_no_room_for_its_text_moves_on_with_it():
    item = step()
    item.wrap(WIDTH, 1000)
    assert item.split(WIDTH, 16 * 1.5) == []  # the title's line fits, its text's lines do not


def test_a_title_goes_with_the_first_lines_of_its_text_when_they_fit():
    item = step()
    item.wrap(WIDTH, 1000)
    first, rest = item.split(WIDTH, 16 * 4)
    assert [type(f).__name__ for f in first.body] == ["Paragraph", "Paragraph"]
    assert first.body[0].text == "Eat and drink as we told you"
    assert rest.label is None and rest.body  # the text goes on overleaf, without the number


def test_text_without_keep_with_next_may_still_end_a_page():
    plain = Paragraph("A bullet's own first paragraph", STYLE)
    item = Hanging(Paragraph("•", STYLE), [plain, Paragraph(TEXT, STYLE)], 24)
    item.wrap(WIDTH, 1000)
    first, rest = item.split(WIDTH, 16 * 1.5)
    assert first.body == [plain] and rest.body
