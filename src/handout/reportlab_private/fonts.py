"""Fonts: which characters a font prints; a font made from its parsed tables (which
``handout.font_cache`` keeps between runs) without parsing the file; each subset made and
compressed once, and text coded by table; the fonts' objects and ToUnicode maps written from
bytes kept for a run of documents.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from fnmatch import fnmatch
from itertools import islice
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFObject,
    PDFObjectReference,
    PDFTrueTypeFont,
    PDFZCompress,
)
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, unShapedFontGlob


def glyph_map(font_name: str) -> Mapping[int, int]:
    """Code point → glyph of a registered TrueType font (``TTFontFace.charToGlyph``).

    Tells which characters the font can print, before layout.

    Public alternative: none in ReportLab (``stringWidth`` of a missing character is the width
    of the empty box); reading the font's cmap ourselves would take another library.
    """
    return pdfmetrics.getFont(font_name).face.charToGlyph


#: What ``TTFont.__init__`` sets besides the face it parses; ``font_from_tables`` sets the same.
TTFONT_FIELDS = frozenset({"fontName", "face", "encoding", "state", "_asciiReadable", "_shapable"})


def font_tables(font: TTFont) -> dict[str, Any]:
    """What parsing a TrueType file put on ``font``'s face, but for the file's bytes and a function.

    Plain values (numbers, strings, bytes, lists, dicts): the widths, character map, glyph offsets
    and names that ``TTFontFile.extractInfo`` reads, which ``font_from_tables`` turns back into a
    font without parsing the file (about 10 ms a face) — kept by ``font_cache`` between runs.

    Public alternative: none; ReportLab parses the file in ``TTFont``'s constructor.
    """
    return {k: v for k, v in vars(font.face).items()
            if k not in ("_ttf_data", "_pdfScale", *SubsetFace.KEPT_FIELDS)}


class SubsetFace(TTFontFace):
    """A ``TTFontFace`` that makes each subset of glyphs it embeds once, and compresses it once;
    and formats each subset's font and font descriptor once.

    ReportLab embeds the glyphs a document draws as subsets, each a font file of its own that it
    makes (``makeSubset``) and compresses anew for every document: about 4 ms a document for our
    faces. Every clinic's edition of a guide draws nearly the same glyphs in the same order (the
    guide's text is the same), so the subsets of one edition are most often those of the last:
    the last few made are kept with their compressed bytes, and the document's stream is given
    them, marked as compressed already (``_COMPRESSED``), in place of compressing them again.
    The bytes written are the same.

    Reads the font file stream ``TTFontFace.addSubsetObjects`` registers in the document
    (``PDFDocument.idToObject``, under the name ReportLab gives it from the file and the font), its
    ``content`` and ``filters``; and puts in place of the font descriptor it registers there
    (``fontDescriptor:`` and the font's name, a ``PDFDictionary``) an object that writes the
    same bytes from those kept for the last descriptor of equal values (``written_as_before``).

    Public alternative: ``TTFontFace``, making and compressing every subset for every document.
    """

    #: Subsets kept per face (about 60 KB each; and twice as many fonts and descriptors, about
    #: 2 KB each, ``written_as_before``): those of the few kinds of document a run makes in
    #: turn, each clinic's guides in every format. Of 360 documents of 30 clinics (3 guides,
    #: 3 formats and the booklet's print sheets), 4 kept made 319 subsets, 16 made 34: each
    #: one once.
    KEPT = 16
    #: What the face keeps besides its tables (never cached with them, ``font_tables``).
    KEPT_FIELDS = ("_kept", "_objects")

    def makeSubset(self, subset):  # noqa: N802 - ReportLab's name
        return self._subset(subset)[0]

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802 - ReportLab's name
        made = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters == [PDFZCompress]:
            data, compressed = self._subset(subset)
            if stream.content is data:
                if compressed is None:
                    compressed = PDFZCompress.encode(data)
                    self._kept[tuple(subset)] = (data, compressed)
                stream.content, stream.filters = compressed, [_COMPRESSED]
        name = f"fontDescriptor:{fontname}"
        if type(doc.idToObject.get(name)) is PDFDictionary:
            doc.idToObject[name] = self.written_as_before(doc.idToObject[name], doc)
        return made

    def _subset(self, subset) -> tuple[bytes, bytes | None]:
        kept: dict[tuple[int, ...], tuple[bytes, bytes | None]] = self.__dict__.setdefault(
            "_kept", {})
        return _recall(kept, tuple(subset), lambda: (TTFontFace.makeSubset(self, subset), None),
                       self.KEPT)

    def written_as_before(self, obj: PDFObject, doc: PDFDocument) -> PDFObject:
        """What stands in the document for a subset's font or font descriptor (``obj``, a
        ``PDFTrueTypeFont`` or a ``PDFDictionary``): an object that writes the bytes ReportLab
        writes for it, from those of the last object of equal values (``_Template``), with the
        numbers of the objects it refers to filled in; or ``obj`` itself when it holds values
        of other kinds, or when ReportLab writes comments (``rl_config.pdfComments``: they name
        the class of each object)."""
        if rl_config.pdfComments:
            return obj
        template = _Template.of(obj, doc, self.__dict__.setdefault("_objects", {}), 2 * self.KEPT)
        return obj if template is None else template.filled(obj)


def _recall(kept: dict[Any, Any], key: Any, make: Callable[[], Any], most: int) -> Any:
    """``kept[key]``, made by ``make()`` if it is not there; ``kept`` holds at most ``most``
    entries, the oldest used dropped first."""
    hit = kept.pop(key, None)
    if hit is None:
        hit = make()
        while len(kept) >= most:
            kept.pop(next(iter(kept)))
    kept[key] = hit  # the newest last
    return hit


class _Template:
    """The bytes ReportLab writes for an object of a font, between the references in it.

    A font's or a font descriptor's values (``PDFDictionary.dict``, or the attributes
    ``PDFTrueTypeFont.format`` reads) are numbers, strings (names), arrays of numbers and
    references (``PDFObjectReference``) to the font's other objects, whose numbers differ
    between documents. The object is written once by ReportLab with a mark in place of each
    reference; what lies between the marks is kept, for objects of equal values.

    Reads ``PDFDictionary.dict`` (a plain dict: written in the order of its keys) and
    ``multiline``, the attributes of a ``PDFTrueTypeFont`` (its ``format`` writes them as a
    ``PDFDictionary``, with its class's ``Type`` and ``Subtype``), and ``PDFArray.sequence``
    and ``multiline``; writes the object once with its own ``format``, which writes bytes as
    they are (the marks).
    """

    def __init__(self, pieces: list[bytes], keys: list[str]):
        self.pieces = pieces  # one more than the references
        self.keys = keys  # the key of each reference, in the order written

    @classmethod
    def of(cls, obj: PDFObject, doc: PDFDocument, kept: dict[Any, _Template | bool],
           most: int) -> _Template | None:
        """The template of objects of ``obj``'s values, kept in ``kept`` (at most ``most``);
        None for an object of another class, with values of other kinds, or whose bytes the
        marks could not be found in."""
        if type(obj) is PDFDictionary and type(obj.dict) is dict:
            values = obj.dict
        elif type(obj) is PDFTrueTypeFont:
            values = {k: v for k, v in vars(obj).items() if not k.startswith("__")}
        else:
            return None
        try:
            key = (type(obj), rl_config.pdfMultiLine, PDFDictionary.multiline,
                   getattr(obj, "multiline", None),
                   tuple((k, _value_key(v)) for k, v in values.items()))
        except TypeError:
            return None
        return _recall(kept, key, lambda: cls._made(obj, values, doc), most) or None

    @classmethod
    def _made(cls, obj: PDFObject, values: dict[str, Any], doc: PDFDocument) -> _Template | bool:
        refs = [k for k, v in values.items() if type(v) is PDFObjectReference]
        marked = copy.copy(obj)
        marks = {k: b"\0%d\0" % i for i, k in enumerate(refs)}  # written as they are
        if isinstance(marked, PDFDictionary):
            marked.dict = {**values, **marks}
        else:
            marked.__dict__.update(marks)
        try:
            parts = re.split(rb"\0(\d+)\0", marked.format(doc))
        except (TypeError, ValueError):  # a reference where ReportLab writes a name
            return False
        order = [int(i) for i in parts[1::2]]
        if sorted(order) != list(range(len(refs))):
            return False  # a mark lost, or found in a value too: not kept (and not None)
        return cls(parts[0::2], [refs[i] for i in order])

    def filled(self, obj: PDFObject) -> PDFObject:
        """What writes the template with the references of ``obj``, which has its values."""
        values = obj.dict if isinstance(obj, PDFDictionary) else vars(obj)
        return _Filled(self.pieces, [values[k] for k in self.keys])


def _value_key(value: Any) -> Any:
    """What decides how a font's value is written, hashable; a reference's number aside. A
    TypeError for a value of another kind."""
    kind = type(value)
    if kind in (int, float, str, bytes):
        return kind, value
    if kind is PDFObjectReference:
        return kind
    if kind is PDFArray:
        kinds = tuple(map(type, value.sequence))
        if set(kinds) <= {int, float}:
            return kind, value.multiline, tuple(value.sequence), kinds
    raise TypeError(f"a value of kind {kind.__name__}")


class _Filled(PDFObject):
    """An object written from a template's pieces with the references put between them."""

    def __init__(self, pieces: list[bytes], refs: list[PDFObject]):
        self.pieces = pieces
        self.refs = refs

    def format(self, document: PDFDocument) -> bytes:
        out = [self.pieces[0]]
        for ref, piece in zip(self.refs, self.pieces[1:], strict=True):
            out += (ref.format(document), piece)
        return b"".join(out)


class _Flate:
    """ReportLab's Flate filter for content already compressed by it: named as it, encodes
    nothing."""

    pdfname = PDFZCompress.pdfname

    def encode(self, data: bytes) -> bytes:
        return data

    def decode(self, data: bytes) -> bytes:
        return PDFZCompress.decode(data)


_COMPRESSED = _Flate()


class SubsetFont(TTFont):
    """A ``TTFont`` that codes text already seen in a document without a loop in Python.

    ReportLab embeds a TrueType font as subsets of 256 glyphs each, numbered in the order the
    document first draws each character. Every time text is drawn, ``splitString`` turns it into
    (subset, bytes) runs one character at a time: the largest part of ReportLab's own time in a
    handout (about 300 calls a document). Once every character of a text has its code in the
    first subset, which is so for nearly every line after the first page, the bytes are the
    text's characters looked up in one table (``str.translate``); any other text (a character
    new to the document, or coded in a later subset) takes ReportLab's own loop, which assigns
    the codes. The bytes are the same either way, and so is every PDF.

    Reads the document's subsetting state (``TTFont.State``: ``assignments``, a dict from code
    point to code kept in the order codes were given) and keeps the table beside it.

    Its subsets' font objects share with earlier documents what is the same (``addObjects``).

    Public alternative: ``TTFont``, coding each text character by character.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        # TTFont makes its face itself; ours adds behaviour only, no state of its own to set up
        self.face.__class__ = SubsetFace

    def splitString(self, text: str | bytes, doc: Any,  # noqa: N802 - ReportLab's name
                    encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is None or not text or not isinstance(text, str):
            return super().splitString(text, doc, encoding)
        first: _FirstSubset | None = getattr(state, "_first_subset", None)
        if first is None:
            first = state._first_subset = _FirstSubset()
        first.update(state.assignments)
        if first.chars.issuperset(text):
            return [(0, text.translate(first.codes).encode("latin-1"))]
        return super().splitString(text, doc, encoding)

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - ReportLab's name
        """Makes the document's objects for its subsets of the font as ``TTFont.addObjects``
        does, and puts in place of each subset's font object one that writes the same bytes
        from those kept for the last font of equal values (``SubsetFace.written_as_before``),
        the numbers of its map and descriptor filled in: its ``/Widths`` are 256 numbers,
        formatted one Python call each.

        Reads the subsetting state (``TTFont.State``: ``subsets``, and ``internalName``, which
        names each subset's ``PDFTrueTypeFont`` in ``PDFDocument.idToObject`` as
        ``<internalName>+<n>``), and puts the object that writes the font in its place there
        (the document's font resources, ``BasicFonts``, hold the font itself, written as a
        reference by that name). Anything else is left as ReportLab made it.

        Public alternative: ``TTFont.addObjects``, formatting every number for every document.
        """
        state = self.state.get(doc)
        super().addObjects(doc)
        if state is None or state.internalName is None or not isinstance(self.face, SubsetFace):
            return
        for n in range(len(state.subsets)):
            name = f"{state.internalName}+{n}"
            font = doc.idToObject.get(name)
            if type(font) is PDFTrueTypeFont:
                doc.idToObject[name] = self.face.written_as_before(font, doc)


class _FirstSubset:
    """The characters coded in a document's first subset (codes below 256), and their codes."""

    def __init__(self) -> None:
        self.codes: dict[int, int] = {}  # code point → code, for ``str.translate``
        self.chars: set[str] = set()
        self.seen = 0  # how many of the document's assignments are in ``codes``

    def update(self, assignments: dict[int, int]) -> None:
        """Add the codes given since the last update: the last in ``assignments``, which only
        grows, in the order codes are given."""
        if len(assignments) == self.seen:
            return
        for point, code in islice(reversed(assignments.items()), len(assignments) - self.seen):
            if code < 256:
                self.codes[point] = code
                self.chars.add(chr(point))
        self.seen = len(assignments)
        if 32 in self.codes:  # ReportLab draws a no-break space as a space
            self.codes[0xA0] = self.codes[32]
            self.chars.add("\u00a0")


def font_from_tables(name: str, tables: dict[str, Any], data: bytes) -> TTFont:
    """The font ``TTFont(name, file)`` makes from a file holding ``data``, from its ``tables``."""
    face = SubsetFace.__new__(SubsetFace)
    face.__dict__.update(tables)
    face._ttf_data = data
    per_em = tables["unitsPerEm"]
    # as extractInfo does: widths in 1/1000 em, as they are when the font is drawn in 1000 units
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * (1000 / per_em))
    font = SubsetFont.__new__(SubsetFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)  # as TTFont does
    return font


def rewrite_to_unicode_maps(doc: PDFDocument, rewrite: Callable[[str, str], str]) -> None:
    """When ``doc`` writes its fonts, give each subset's ToUnicode map (the text of its CMap) to
    ``rewrite(base_font_name, cmap)`` and write what it returns instead.

    ReportLab makes a subset's font objects only as it writes the file (``GetPDFData`` calls
    ``addObjects`` on each font of ``PDFDocument.delayedFonts``), its map as a ``PDFStream``
    named ``toUnicodeCMap:<base font name>`` whose ``content`` is the CMap's text. A stand-in
    for the list's fonts writes them all, then rewrites their maps, before anything is written.

    The maps of a run of similar documents are most often the same: each map written (its
    stream's ``filters`` ReportLab's Flate, ``PDFZCompress``) is compressed once for the last
    few documents, and its stream given the bytes, marked as compressed already
    (``_COMPRESSED``). The bytes written are the same.

    Public alternative: none; ``makeToUnicodeCMap`` maps every code of the subset, the unused
    ones to U+0000, and the finished file would have to be read again to change that.
    """
    doc.delayedFonts[:] = [_FontsThenMaps(list(doc.delayedFonts), rewrite)]


class _FontsThenMaps:
    """Stands in ``PDFDocument.delayedFonts`` for the fonts it holds (``rewrite_to_unicode_maps``)."""

    PREFIX = "toUnicodeCMap:"
    #: Maps kept compressed (about 9 KB each with their text): a document has one a subset of
    #: each font, about 6, and a run makes several kinds of document in turn (each clinic's
    #: guides in every format); 34 maps were all those of 360 documents of 30 clinics.
    KEPT = 64
    _compressed: ClassVar[dict[str, bytes]] = {}  # a map's text → its bytes compressed

    def __init__(self, fonts: list[Any], rewrite: Callable[[str, str], str]):
        self.fonts = fonts
        self.rewrite = rewrite

    def addObjects(self, doc: PDFDocument) -> None:  # noqa: N802 - ReportLab's name
        for font in self.fonts:
            font.addObjects(doc)
        for name, obj in doc.idToObject.items():
            if name.startswith(self.PREFIX):
                obj.content = self.rewrite(name[len(self.PREFIX):], obj.content)
                if obj.filters == [PDFZCompress] and isinstance(obj.content, str):
                    obj.content, obj.filters = self._compress(obj.content), [_COMPRESSED]

    @classmethod
    def _compress(cls, text: str) -> bytes:
        return _recall(cls._compressed, text, lambda: PDFZCompress.encode(text), cls.KEPT)
