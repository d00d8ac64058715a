"""Tagged PDF: the logical structure that screen readers follow (PDF/UA-1, ISO 14289-1).

Tagging is a rendering concern in three steps, one module each:

``story``     flowables of an edition → every content flowable knows its structure element
              (``Node``), from the roles builders gave flowables and the blocks they came from;
``canvas``    drawing → marked-content sequences with MCIDs around each tagged flowable, and
              ``/Artifact`` around everything else (bands, footers, rules, card backgrounds),
              recorded as ``Marks``;
``document``  ReportLab's document + marks, as the canvas saves → structure tree, parent tree,
              annotation links, XMP metadata and font fixes (``tree``, ``fonts``), written by
              ReportLab with the document; ``finishing`` gives its bytes their last form.

Page painters draw real content through ``painting``, with the story's rules. ``archive`` makes
a PDF archival (PDF/A-2: an sRGB output intent and its identification): a reading edition as it
is written, and an imposed sheet (``archival``) with pikepdf, which ``saving`` then writes, every
stream's length beyond doubt.

pikepdf is imported only by ``archive`` and ``saving``, and only when sheets are imposed.
"""

from handout.tagging.canvas import Marks, TaggingCanvas
from handout.tagging.nodes import Node
from handout.tagging.story import Structure, grouped, mark_story

__all__ = ["Marks", "Node", "Structure", "TaggingCanvas", "grouped", "mark_story"]
