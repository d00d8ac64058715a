"""Where the notice of language assistance goes, and how it is set there.

The notice (``layout.taglines``) is one unit for a reader: a heading, the English paragraph,
then a paragraph per language. It is never broken to leave its heading or a few of its lines
alone at the foot of a page, nor a last tagline alone overleaf. The rules, per edition:

* **Handout and large print** (``flowing``): last, after the colophon. The first of the
  edition's settings that fits whole in the room left on the page stands there: in the
  handout, one column at the small size (10.5 pt), else two columns at the footer's size (9
  pt, the least the handout prints); large print has one setting (18 pt, one column, 1.5 line
  spacing). If none fits, the notice starts at the top of the next page in its first setting;
  if it is taller than a page, it continues over as few pages as it needs, its taglines kept
  whole and shared out evenly between those pages, each continued page headed by a cue
  ("Language assistance (continued)").
* **Booklet** (``booklet``): on the back cover, beside the clinic's contact panel, only when
  the back cover then fits its page at full size with the notice at the back cover's note size
  (9 pt; the booklet's smallest text is 8.5 pt); otherwise on pages of its own before the back
  cover, at the booklet's body size (10.5 pt), its taglines shared out evenly between as few
  pages as hold them, and the back cover says on which page it is. This is the one place that
  decides.

The settings are made from the edition's own metrics, so a format's sizes change them.

Takes the builder of an edition; gives flowables (none when the clinic has no notice).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, PageBreak, Paragraph

from handout.layout import markup
from handout.layout.boxes import FUZZ, UNBOUNDED, frame_gap
from handout.layout.taglines import Parts, Setting, parts
from handout.reportlab_private.flowables import frame_room
from handout.tagging.story import node_of, tag

if TYPE_CHECKING:
    from handout.layout.blocks import Builder

#: Space between two columns of taglines, in ems of their size.
GUTTER = 1.6


# -- the settings of each edition ---------------------------------------------------------------

def heading_style(b: Builder, size: float):
    return b.s.derive(f"notice_heading_{size}", size, b.s.family.bold, keepWithNext=1,
                      leading=round(size * 1.25, 2), before=size * 0.8, after=size * 0.45)


def flowing_settings(b: Builder) -> list[Setting]:
    """The handout's and large print's settings, in order of preference (see the module)."""
    m = b.s.metrics
    roomy = Setting(m.small, max(m.leading, 1.3), heading_style(b, m.h3), after=max(m.space, 0.45))
    if m.min_size >= m.small or m.footer >= m.small:
        return [roomy]  # large print: one size everywhere, one column
    return [roomy, Setting(m.footer, 1.28, heading_style(b, m.small + 1), columns=2)]


def back_cover_setting(b: Builder) -> Setting:
    """The booklet's notice on its back cover: at the size of the back cover's notes."""
    m = b.s.metrics
    return Setting(m.small + 0.5, 1.3, heading_style(b, m.small + 1.5), after=0.4)


def page_setting(b: Builder) -> Setting:
    """The booklet's notice on pages of its own: at body size, under a section's heading."""
    m = b.s.metrics
    return Setting(m.body, m.leading, b.s.h2, after=m.space)


# -- the handout and large print ----------------------------------------------------------------

def flowing(b: Builder) -> list[Flowable]:
    """The notice, last in a handout or large print (see the module), or nothing."""
    settings = flowing_settings(b)
    first = parts(b, settings[0])
    if first is None:
        return []
    cue_style = b.s.derive("notice_cue", b.s.metrics.small, b.s.family.bold, b.p.muted,
                           after=b.s.metrics.small * 0.6)
    cue = b.words("continued", title=b.words("language_assistance"))
    return [Notice(settings, first, partial(parts, b),
                   lambda: Paragraph(markup.escape(cue), cue_style))]


class Notice(Flowable):
    """The notice as one unit: the first of its settings that fits the room left stands here,
    else it moves to the next page; at the top of a page and taller than it, it is shared out
    over pages (see the module).

    The story tags the flowables of the first setting (``contents``); whichever setting is
    drawn, its flowables are the content of the same elements, one per paragraph."""

    def __init__(self, settings: Sequence[Setting], first: Parts,
                 make: Callable[[Setting], Parts | None], cue):
        super().__init__()
        self.settings = list(settings)
        self.made: dict[int, Parts] = {0: first}  # a later setting is made when it is measured
        self.make = make
        self.cue = cue
        self.chosen = 0
        self.measured: dict[float, list[float]] = {}  # width → heights of the settings tried

    def parts(self, index: int) -> Parts:
        if index not in self.made:
            made = self.make(self.settings[index])
            assert made is not None  # the clinic has a notice: the first setting was made
            self.made[index] = made
        return self.made[index]

    def contents(self) -> list[Flowable]:
        return self.parts(0).leaves

    def flowables(self, index: int) -> list[Flowable]:
        notice, columns = self.parts(index), self.settings[index].columns
        if columns == 1:
            return notice.leaves
        return [notice.heading, notice.english, Columns(list(notice.taglines), columns)]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The first setting that fits ``available_height``, else the first: later settings
        are made and measured only when those before them do not fit."""
        heights = self.measured.setdefault(available_width, [])
        self.chosen = 0
        for i in range(len(self.settings)):
            if i == len(heights):
                heights.append(stacked(self.flowables(i), available_width))
            if heights[i] <= available_height + FUZZ:
                self.chosen = i
                break
        self.width, self.height = available_width, heights[self.chosen]
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        if self.height <= available_height + FUZZ:
            return [self]
        room = frame_room(self)
        full, at_top = room if room is not None else (available_height, True)
        if not at_top:
            return []  # whole, at the top of the next page
        out: list[Flowable] = []
        for i, page in enumerate(balanced(self.flowables(0), available_width, full,
                                          self.cue())):
            if i:
                out += [PageBreak(), self.cue()]
            out += page
        return out

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return self.parts(0).heading.getSpaceBefore()

    def draw(self) -> None:
        flowables = self.flowables(self.chosen)
        if self.chosen:
            share_elements(self.flowables(0), flowables)
        draw_stacked(self.canv, flowables, 0, self.height, self.width)


def share_elements(tagged: Sequence[Flowable], other: Sequence[Flowable]) -> None:
    """Make the paragraphs of ``other`` (a setting drawn instead of the first) the content of
    the elements the story gave the first setting's paragraphs, in the same order."""
    leaves = [f for f in other if not isinstance(f, Columns)] + [
        t for f in other if isinstance(f, Columns) for t in f.contents()]
    firsts = [f for f in tagged if not isinstance(f, Columns)] + [
        t for f in tagged if isinstance(f, Columns) for t in f.contents()]
    for first, leaf in zip(firsts, leaves, strict=True):
        node = node_of(first)
        if node is not None and node_of(leaf) is None:
            tag(leaf, node)


class Columns(Flowable):
    """Paragraphs in ``count`` columns side by side, read column by column, shared out so that
    the columns end as nearly level as the paragraphs allow. It stands whole on one page."""

    def __init__(self, flowables: list[Flowable], count: int = 2):
        super().__init__()
        self.items, self.count = flowables, count
        self.columns: list[list[Flowable]] = []

    def contents(self) -> list[Flowable]:
        return self.items

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size = max((getattr(f, "size", None) or f.style.fontSize) for f in self.items)
        self.gutter = GUTTER * size
        self.column_width = (available_width - self.gutter * (self.count - 1)) / self.count
        heights = [f.wrapOn(None, self.column_width, UNBOUNDED)[1] for f in self.items]
        gaps = [frame_gap(self.items[i - 1], f) if i else 0.0 for i, f in enumerate(self.items)]
        counts = even(heights, gaps, self.count)
        self.columns, start = [], 0
        for n in counts:
            self.columns.append(self.items[start:start + n])
            start += n
        self.width = available_width
        self.height = max(stacked(column, self.column_width) for column in self.columns)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        for c, column in enumerate(self.columns):
            draw_stacked(self.canv, column, c * (self.column_width + self.gutter), self.height,
                         self.column_width)


# -- the booklet --------------------------------------------------------------------------------

def booklet(b: Builder, back: Sequence[Flowable], frame_height: float
            ) -> tuple[list[Flowable], list[list[Flowable]]]:
    """Where the booklet's notice goes (see the module): the notice's flowables for the back
    cover after ``back`` (what the back cover holds besides), or none and the notice's pages."""
    on_back = parts(b, back_cover_setting(b))
    if on_back is None:
        return [], []
    if stacked([*back, *on_back.leaves], b.width) <= frame_height + FUZZ:
        return on_back.leaves, []
    own = parts(b, page_setting(b))
    assert own is not None
    return [], balanced(own.leaves, b.width, frame_height)


# -- measuring and sharing out ------------------------------------------------------------------

def draw_stacked(canvas, flowables: Sequence[Flowable], x: float, top: float,
                 width: float) -> None:
    """Draw ``flowables`` one below another from ``top``, ``width`` wide, spaced as a frame
    spaces them (the heights ``stacked`` adds up)."""
    y = top
    for i, flowable in enumerate(flowables):
        _, h = flowable.wrapOn(canvas, width, UNBOUNDED)
        y -= h + (frame_gap(flowables[i - 1], flowable) if i else 0)
        flowable.drawOn(canvas, x, y)


def stacked(flowables: Sequence[Flowable], width: float) -> float:
    """The height ``flowables`` take one after another at the top of a frame ``width`` wide."""
    total = 0.0
    for i, flowable in enumerate(flowables):
        total += flowable.wrapOn(None, width, UNBOUNDED)[1]
        if i:
            total += frame_gap(flowables[i - 1], flowable)
    return total


def balanced(flowables: Sequence[Flowable], width: float, page: float,
             cue: Flowable | None = None) -> list[list[Flowable]]:
    """``flowables`` shared out over as few pages of height ``page`` as hold them whole, each
    page as full as the others as nearly as they allow; pages after the first start with
    ``cue`` (as tall as it is). The heading and the English paragraph stay with the first
    tagline."""
    heights = [f.wrapOn(None, width, UNBOUNDED)[1] for f in flowables]
    gaps = [frame_gap(flowables[i - 1], f) if i else 0.0 for i, f in enumerate(flowables)]
    # the heading and English paragraph go with the first tagline: one item
    lead = min(3, len(flowables))
    sizes = [sum(heights[:lead]) + sum(gaps[1:lead]), *heights[lead:]]
    spaces = [0.0, *gaps[lead:]]
    cue_height = cue.wrapOn(None, width, UNBOUNDED)[1] + cue.getSpaceAfter() if cue else 0.0
    counts = pages_of(sizes, spaces, page, cue_height)
    out, start = [], 0
    for n in counts:
        items = range(start, start + n)
        page_flowables: list[Flowable] = []
        for i in items:
            page_flowables += list(flowables[:lead]) if i == 0 else [flowables[lead + i - 1]]
        out.append(page_flowables)
        start += n
    return out


def pages_of(sizes: Sequence[float], gaps: Sequence[float], page: float,
             cue: float = 0.0) -> list[int]:
    """How many consecutive items of ``sizes`` each page holds: as few pages as filling each
    page in turn gives, with the fullest as little full as can be (pages after the first give
    ``cue`` of their height to the cue). ``gaps[i]``: the space above item ``i`` when it does
    not start a page."""
    fewest = len(_fill(sizes, gaps, page, cue))
    low, high = max(sizes), page
    for _ in range(40):
        middle = (low + high) / 2
        if len(_fill(sizes, gaps, middle, cue)) <= fewest:
            high = middle
        else:
            low = middle
    return _level(sizes, gaps, high, fewest, cue) or _fill(sizes, gaps, high, cue)


def _level(sizes: Sequence[float], gaps: Sequence[float], capacity: float, pages: int,
           cue: float) -> list[int] | None:
    """Items per page, each page filled towards its share of what is left (an item goes on
    when at least half of it is within that share), never past ``capacity``; None if that
    would need more than ``pages``."""
    counts: list[int] = []
    i = 0
    for page in range(pages):
        left = sum(sizes[i:]) + sum(gaps[i + 1:])
        share = left / (pages - page)
        room = capacity - (cue if page else 0.0)
        used, count = 0.0, 0
        while i < len(sizes):
            add = sizes[i] + (gaps[i] if count else 0.0)
            if count and (used + add > room + FUZZ or used + add / 2 > share + FUZZ):
                break
            used, count, i = used + add, count + 1, i + 1
        counts.append(count)
    return counts if i == len(sizes) and all(counts) else None


def even(sizes: Sequence[float], gaps: Sequence[float], columns: int) -> list[int]:
    """How many consecutive items of ``sizes`` each of ``columns`` columns holds, the longest
    column as short as can be."""
    if columns == 1 or len(sizes) <= 1:
        return [len(sizes)]
    low, high = max(sizes), sum(sizes) + sum(gaps)
    for _ in range(40):
        middle = (low + high) / 2
        if len(_fill(sizes, gaps, middle)) <= columns:
            high = middle
        else:
            low = middle
    return _fill(sizes, gaps, high)


def _fill(sizes: Sequence[float], gaps: Sequence[float], capacity: float,
          cue: float = 0.0) -> list[int]:
    """Items per page, each page filled in turn up to ``capacity`` (less ``cue`` after the
    first); an item taller than a page has one to itself."""
    counts: list[int] = []
    used = 0.0
    for size, space in zip(sizes, gaps, strict=True):
        room = capacity - (cue if len(counts) > 1 else 0.0)
        if counts and used + space + size <= room + FUZZ:
            counts[-1] += 1
            used += space + size
        else:
            counts.append(1)
            used = size
    return counts
