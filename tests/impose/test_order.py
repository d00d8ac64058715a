"""Saddle-stitch order as a pure function: folding the printed stack reads 1..N, for any count."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handout.impose import sheet_sides


def read_folded(sides):
    """The page order a reader meets after stacking the sheets (first sheet outside), folding them
    in the middle and turning the pages, for sheets printed duplex flipped on the short edge.

    On a sheet's front the right half becomes its first page and the left half its last; behind the
    front's right half lies the back's left half, behind the front's left half the back's right.
    """
    sheets = [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]
    first_half, second_half = [], []
    for (front_left, front_right), (back_left, back_right) in sheets:
        first_half += [front_right, back_left]
        second_half = [back_right, front_left] + second_half
    return first_half + second_half


def test_eight_pages_as_the_printer_expects():
    assert sheet_sides(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


@pytest.mark.parametrize("pages", range(1, 65))
def test_every_count_up_to_64_folds_into_reading_order(pages):
    sides = sheet_sides(pages)
    sheets = -(-pages // 4)
    assert len(sides) == 2 * sheets
    read = read_folded(sides)
    assert [p for p in read if p is not None] == list(range(1, pages + 1))
    assert read[pages:] == [None] * (4 * sheets - pages)  # blanks only after the last page


@given(st.integers(min_value=1, max_value=64))
def test_each_page_printed_once_and_facing_pages_share_a_sheet_side(pages):
    sides = sheet_sides(pages)
    printed = [p for side in sides for p in side if p is not None]
    assert sorted(printed) == list(range(1, pages + 1))
    total = 4 * len(sides) // 2
    for left, right in sides:  # the halves of a side add up to N + 1 (outer pairs with inner)
        if left is not None and right is not None:
            assert left + right == total + 1
    # the centre spread is on the innermost sheet's back: facing pages N/2 and N/2 + 1
    assert sides[-1] == tuple(p if p <= pages else None for p in (total // 2, total // 2 + 1))
