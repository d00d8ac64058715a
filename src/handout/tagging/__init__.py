"""Tagged PDF: the logical structure that screen readers follow (PDF/UA-1, ISO 14289-1).

Tagging is a rendering concern in three steps, one module each:

``story``     flowables of an edition → every content flowable knows its structure element
              (``Node``), from the roles builders gave flowables and the blocks they came from;
``canvas``    drawing → marked-content sequences with MCIDs around each tagged flowable, and
              ``/Artifact`` around everything else (bands, footers, rules, card backgrounds),
              recorded as ``Marks``;
``document``  PDF bytes + marks → structure tree, parent tree, annotation links, XMP metadata
              and font fixes (``tree``, ``fonts``), written with pikepdf.

Page painters draw real content through ``painting``, with the story's rules. ``archive`` makes
a finished PDF archival (PDF/A-2: an sRGB output intent and its identification), and ``saving``
writes it, every stream's length beyond doubt.

pikepdf is imported only by ``document``, ``archive`` and ``saving``, and only when a PDF is
finished.
"""

from handout.tagging.canvas import Marks, TaggingCanvas
from handout.tagging.nodes import Node
from handout.tagging.story import Structure, grouped, mark_story

__all__ = ["Marks", "Node", "Structure", "TaggingCanvas", "grouped", "mark_story"]
