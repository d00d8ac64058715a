"""Boxes: cards, callouts and notes that continue on the next page when they must.

A ``Box`` holds flowables and draws a ``Surface`` behind them (a tint, an outline, a brand bar
down its left edge, rounded corners) and, on its first part, a ``label`` in a column of its own
(the number badge of a card). Our builders used a one-cell ReportLab ``Table`` inside a
``KeepTogether`` for this, which cannot continue inside its cell: a card or note taller than a
page stopped the build. A box is also lighter: no grid of cells to measure, and no copy of the
frame made each time it is measured, as ``KeepTogether`` makes.

Where a box goes, in order of preference:

1. it fits the room left on the page: it stands there whole;
2. it fits an empty page (``keep``): it moves whole to the next page;
3. it is taller than a page: it starts here if its first part holds something to read, else at
   the top of the next page, and continues over as many pages as it needs. A part never ends
   with a flowable that keeps with the next (a title, a question), and a paragraph broken
   between parts keeps at least two lines on each side (ReportLab's widow and orphan rules,
   which our styles turn on). In formats that keep paragraphs whole (``whole_paragraphs``) a
   part ends between paragraphs; only a paragraph taller than a page is itself continued.

Each part is drawn with the surface, open where it continues (square corners, no rule across
the break); every part after the first begins with a quiet cue made by ``cue`` ("Costs
(continued)").

Takes flowables and a ``Surface``; gives a flowable. Tagging reads what a box holds through
``contents``: a box whose ``role`` is "LI" is one list item (its label the ``Lbl``), a box
with another role one element of that role, a box without one adds no element. Its surface and
its cues are artifacts, and the parts of a split box hold the parts of the same flowables, so a
reader meets one element, not two. Builders make boxes through ``Builder.box``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Paragraph, Spacer

from handout.colours import Palette
from handout.layout.styles import Metrics
from handout.reportlab_private.flowables import frame_room

#: Room a flowable is measured in when only its width matters.
UNBOUNDED = 1e7
#: Lengths closer than this are equal (ReportLab's frames use the same tolerance).
FUZZ = 1e-6
#: Attributes that builders and the render stage set on a flowable (its block, the text it was
#: set from), which every part of a split box carries too.
CARRIED = ("_block_id", "_origin")


@dataclass(frozen=True)
class Surface:
    """What sets a box apart from the text around it; the default draws nothing."""

    fill: str | None = None  # the tint behind its content
    outline: tuple[float, str] | None = None  # width and colour of a rule around it
    bar: tuple[float, str] | None = None  # width and colour of a bar down its left edge
    radius: float = 0  # of its corners


@dataclass(frozen=True)
class Padding:
    """Room between a box's edges and its content (the label column is inside ``left``)."""

    left: float = 0
    right: float = 0
    top: float = 0
    bottom: float = 0


NO_PADDING = Padding()


def surface(metrics: Metrics, palette: Palette, bar: bool = False, radius: float = 0) -> Surface:
    """A format's surface for cards and notes: on a pale tint, or inside an outline where the
    format sets no text over a tint (large print); with the brand bar if asked."""
    outlined = metrics.surface == "outline"
    return Surface(fill=None if outlined else palette.tint,
                   outline=(metrics.outline, palette.brand) if outlined else None,
                   bar=(4, palette.brand) if bar else None, radius=radius)


def frame_gap(above: Flowable, below: Flowable) -> float:
    """The space a frame leaves between two flowables: the larger of the one's space after and
    the next one's space before."""
    return max(above.getSpaceAfter(), below.getSpaceBefore())


class Box(Flowable):
    """Flowables on a surface, continued on the next page when they must (see the module).

    ``label``: drawn at ``label_x`` beside the content, at its top, on the first part only.
    ``cue``: makes the flowable that heads every continued part. ``after``: room left below the
    box, part of its height (a box and the space after it move to a new page together).
    ``frame_spacing``: space between flowables as a frame gives it (the larger of one's space
    after and the next one's space before), for a box without a surface whose content must sit
    exactly as it would loose on the page; otherwise as a table cell gives it (both added).
    ``width``: the box's own width, whatever room it is given (it holds tables of fixed widths);
    by default it takes the width of its frame.
    """

    def __init__(self, content: Sequence[Flowable], surface: Surface = Surface(),
                 padding: Padding = NO_PADDING, *, label: Flowable | None = None,
                 label_x: float = 0, cue: Callable[[], Flowable] | None = None,
                 after: float = 0, keep: bool = True, whole_paragraphs: bool = False,
                 frame_spacing: bool = False, role: str | None = None,
                 open_top: bool = False, open_bottom: bool = False,
                 cues: frozenset[int] = frozenset(), width: float | None = None):
        super().__init__()
        self.content = list(content)
        self.fixed_width = width
        self.surface, self.padding = surface, padding
        self.label, self.label_x, self.cue, self.after = label, label_x, cue, after
        self.keep, self.whole_paragraphs, self.frame_spacing = keep, whole_paragraphs, frame_spacing
        self.open_top, self.open_bottom = open_top, open_bottom
        self.cues = cues  # ids of the content's cues (a continued part's first flowable)
        if role is not None:
            self.role = role
        self.measured_width: float | None = None
        self.heights: list[float] = []
        self.label_height = 0.0
        self.drawn_height = 0.0

    def contents(self) -> list[Flowable]:
        """What the box shows, in reading order: its label, then its content."""
        return ([self.label] if self.label is not None else []) + self.content

    # -- size -----------------------------------------------------------------------------------

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        available_width = self.fixed_width or available_width
        if self.measured_width != available_width:
            canvas = getattr(self, "canv", None)
            inner = available_width - self.padding.left - self.padding.right
            self.heights = [f.wrapOn(canvas, inner, UNBOUNDED)[1] for f in self.content]
            self.label_height = (self.label.wrapOn(canvas, available_width, UNBOUNDED)[1]
                                 if self.label is not None else 0.0)
            self.drawn_height = (self.padding.top + self.padding.bottom
                                 + max(self.stacked(self.content, self.heights), self.label_height))
            self.measured_width = available_width
        self.width, self.height = available_width, self.drawn_height + self.after
        return self.width, self.height

    def gap(self, above: Flowable, below: Flowable) -> float:
        if self.frame_spacing:
            return frame_gap(above, below)
        return above.getSpaceAfter() + below.getSpaceBefore()

    def stacked(self, flowables: Sequence[Flowable], heights: Sequence[float]) -> float:
        total = 0.0
        for i, (flowable, height) in enumerate(zip(flowables, heights, strict=True)):
            total += height + (self.gap(flowables[i - 1], flowable) if i else 0)
        return total

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        if self.frame_spacing and self.content:
            return self.content[0].getSpaceBefore()
        return 0

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab's name
        if self.frame_spacing and self.content and not self.after:
            return self.content[-1].getSpaceAfter()
        return 0

    # -- drawing --------------------------------------------------------------------------------

    def draw(self) -> None:
        canvas = self.canv
        bottom = self.after
        top = bottom + self.drawn_height
        self.paint(bottom, top)
        y = top - self.padding.top
        if self.label is not None:
            self.label.drawOn(canvas, self.label_x, y - self.label_height)
        for i, (flowable, height) in enumerate(zip(self.content, self.heights, strict=True)):
            y -= height + (self.gap(self.content[i - 1], flowable) if i else 0)
            flowable.drawOn(canvas, self.padding.left, y)

    def paint(self, bottom: float, top: float) -> None:
        """The surface, from ``bottom`` to ``top``: open (square, unruled) where it continues."""
        s, canvas, width = self.surface, self.canv, self.width
        if not (s.fill or s.outline or s.bar):
            return
        radii = [0 if self.open_top else s.radius] * 2 + [0 if self.open_bottom else s.radius] * 2
        canvas.saveState()
        canvas.setLineCap(1)  # rules with round caps and joins, as ReportLab's tables draw them
        canvas.setLineJoin(1)
        if s.fill:
            canvas.setFillColor(HexColor(s.fill))
            if any(radii):
                path = canvas.beginPath()
                path.roundRect(0, bottom, width, top - bottom, radii)
                canvas.drawPath(path, stroke=0, fill=1)
            else:
                canvas.rect(0, bottom, width, top - bottom, stroke=0, fill=1)
        if s.outline:
            rule, colour = s.outline
            canvas.setStrokeColor(HexColor(colour))
            canvas.setLineWidth(rule)
            if s.radius:
                self.rounded_outline(bottom, top, rule)
            else:  # four rules, as a table draws its box
                if not self.open_top:
                    canvas.line(0, top, width, top)
                if not self.open_bottom:
                    canvas.line(0, bottom, width, bottom)
                canvas.line(0, bottom, 0, top)
                canvas.line(width, bottom, width, top)
        if s.bar:
            rule, colour = s.bar
            canvas.setStrokeColor(HexColor(colour))
            canvas.setLineWidth(rule)
            canvas.line(0, bottom, 0, top)
        canvas.restoreState()

    def rounded_outline(self, bottom: float, top: float, rule: float) -> None:
        """A rounded outline; an open edge is clipped away with the corners beside it."""
        canvas, radius, width = self.canv, self.surface.radius, self.width
        low = bottom - (radius + rule if self.open_bottom else 0)
        high = top + (radius + rule if self.open_top else 0)
        clip = canvas.beginPath()
        clip.rect(-rule, bottom, width + 2 * rule, top - bottom)
        if self.open_top or self.open_bottom:
            canvas.clipPath(clip, stroke=0, fill=0)
        path = canvas.beginPath()
        path.roundRect(0, low, width, high - low, radius)
        canvas.drawPath(path, stroke=1, fill=0)

    # -- splitting ------------------------------------------------------------------------------

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = frame_room(self)
        full, at_top = room if room is not None else (available_height, True)
        return self.split_within(available_width, available_height, full, at_top)

    def split_within(self, available_width: float, available_height: float, full: float,
                     at_top: bool) -> list[Flowable]:
        """``split``, told the height of a whole page's frame (``full``) and whether nothing
        stands above the box on this one: a box inside another is told by its holder."""
        self.wrap(available_width, available_height)
        if self.height <= available_height + FUZZ:
            return [self]
        if self.keep and not at_top and self.height <= full + FUZZ:
            return []  # it moves whole to the next page
        # at the top of a page something must go here, if need be against the usual rules
        for rules in ((True, True), (False, True), (False, False)) if at_top else ((True, True),):
            parts = self.divide(available_width, available_height, full, at_top, *rules)
            if parts:
                return parts
        return []

    def divide(self, width: float, height: float, full: float, at_top: bool,
               whole: bool, kept: bool) -> list[Flowable]:
        """The box as a part that fits ``height`` and a part continued below it, or [] if the
        first part would hold nothing to read. ``whole``: keep paragraphs whole where the format
        does; ``kept``: never end a part with a flowable that keeps with the next."""
        pad, content = self.padding, self.content
        room = height - pad.top - pad.bottom
        if room <= 0 or self.label_height > room + FUZZ:
            return []
        inner = width - pad.left - pad.right
        page_room = full - pad.top - pad.bottom  # what a part at the top of a page offers
        first: list[Flowable] = []
        rest: list[Flowable] = []
        used = 0.0
        for i, flowable in enumerate(content):
            gap = self.gap(first[-1], flowable) if first else 0.0
            if used + gap + self.heights[i] <= room + FUZZ:
                first.append(flowable)
                used += gap + self.heights[i]
                continue
            left = room - used - gap
            pieces = self.split_child(flowable, inner, left, page_room, at_top and not first,
                                      whole) if left > 0 else []
            if len(pieces) > 1:
                first.append(pieces[0])
                rest = list(pieces[1:]) + content[i + 1:]
            else:
                rest = content[i:]
            break
        whole_ones = {id(f) for f in content}
        while kept and first and id(first[-1]) in whole_ones and (
                first[-1].getKeepWithNext() or isinstance(first[-1], Spacer)):
            rest.insert(0, first.pop())
        if not any(id(f) not in self.cues and not isinstance(f, Spacer) for f in first):
            return []  # nothing to read: the box starts on the next page
        while rest and isinstance(rest[0], Spacer):
            rest.pop(0)
        if not rest:  # all of it fits, but not the space after it: that space is the page's end
            return [self.part(first, self.open_top, self.open_bottom, True, 0, self.cues)]
        cue = self.cue() if self.cue is not None else None
        if cue is not None:
            cue.keepWithNext = 1  # a cue never ends a part alone
            rest.insert(0, cue)
        return [self.part(first, self.open_top, True, True, 0, self.cues),
                self.part(rest, True, self.open_bottom, False, self.after,
                          self.cues | ({id(cue)} if cue is not None else set()))]

    def split_child(self, flowable: Flowable, width: float, height: float, page_room: float,
                    at_top: bool, whole: bool) -> list[Flowable]:
        if isinstance(flowable, Box):
            return flowable.split_within(width, height, page_room, at_top)
        if whole and self.whole_paragraphs and isinstance(flowable, Paragraph):
            index = next(i for i, f in enumerate(self.content) if f is flowable)
            if self.heights[index] <= page_room + FUZZ:
                return []  # it fits a page: it moves on whole
        return flowable.split(width, height)

    def part(self, content: list[Flowable], open_top: bool, open_bottom: bool,
             labelled: bool, after: float, cues: frozenset[int]) -> Box:
        part = Box(content, self.surface, self.padding,
                   label=self.label if labelled else None, label_x=self.label_x, cue=self.cue,
                   after=after, keep=self.keep, whole_paragraphs=self.whole_paragraphs,
                   frame_spacing=self.frame_spacing, role=getattr(self, "role", None),
                   open_top=open_top, open_bottom=open_bottom,
                   cues=frozenset(i for i in cues if any(id(f) == i for f in content)),
                   width=self.fixed_width)
        for name in CARRIED:
            if name in self.__dict__:
                setattr(part, name, self.__dict__[name])
        return part
