"""What page painters draw: tagged content, by the story's rules, or furniture set apart.

A page painter (a format's cover, back cover, running footer) draws outside the frames, on the
canvas ReportLab gives it; what it draws is an artifact unless it says otherwise. Real content —
words a reader sees, a QR code — goes through this module, never straight onto the canvas:

``draw``      a flowable (a paragraph, a heading, a table, a picture) at a place on the page,
              given its structure element by the same rules as the story (``Structure.add``);
``content``   free drawing (``drawString`` and the like) as the content of one new element;
``artifact``  furniture inside content: the line to write on after "Date";
``join``      flowables that join the story while it is laid out (the pages a format adds once
              it knows where the guide ends), marked as the story was.

Painter content is read after the story of its page, as the details at the foot of a cover are
read after its title: painters run before the page's frames are filled, so their drawing comes
first in the page, but their marks join the page's when it ends (``TaggingCanvas.later``).
On a canvas that does not tag (a test's, a preview's) each of these simply draws.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING

from handout.tagging.canvas import TaggingCanvas
from handout.tagging.nodes import Node
from handout.tagging.story import node_of

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable


def draw(canvas: Canvas, flowable: Flowable, x: float, y: float) -> None:
    """Draw ``flowable`` with its lower-left corner at (``x``, ``y``), as tagged content read
    after the page's story. It must have been wrapped (``wrap``) at the width it is drawn in."""
    if not isinstance(canvas, TaggingCanvas):
        flowable.drawOn(canvas, x, y)
        return
    if node_of(flowable) is None:
        canvas.structure.add([flowable])  # a flowable without an element stays furniture
    with canvas.later():
        flowable.drawOn(canvas, x, y)


@contextmanager
def content(canvas: Canvas, role: str = "P") -> Iterator[None]:
    """What is drawn inside the block is the content of one new ``role`` element (a ``P`` by
    default) at the top level of the document, read after the page's story."""
    if not isinstance(canvas, TaggingCanvas):
        yield
        return
    with canvas.later(), canvas.marked(Node(role, canvas.structure.root), _Painted()):
        yield


def join(canvas: Canvas, flowables: list[Flowable]) -> list[Flowable]:
    """Give ``flowables``, which join the story being laid out on ``canvas`` and come next in
    reading order, their structure elements by the story's rules; gives them back."""
    if isinstance(canvas, TaggingCanvas):
        canvas.structure.add(flowables)
    return flowables


def artifact(canvas: Canvas):
    """Inside content being drawn: what is drawn in the block is page furniture."""
    return canvas.artifact() if isinstance(canvas, TaggingCanvas) else nullcontext()


class _Painted:
    """Stands for a painter's drawing where the canvas expects the flowable being drawn."""
