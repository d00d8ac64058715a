"""A finished pikepdf document → its bytes, with every stream's extent beyond doubt.

PDF/A (ISO 19005-2, 6.1.7.1) counts a stream's ``/Length`` from the line feed after ``stream``
to the end-of-line marker before ``endstream``, and a carriage return followed by a line feed
is one such marker. qpdf ends every stream's data with a line feed before ``endstream``: data
whose last byte is a carriage return then reads as ending one byte early, and validators (ours
in the test suite, veraPDF) find its length one byte off. A compressed stream ends with its
checksum, so about one stream in 256 does: in a document of some thirty streams, often enough.

``write`` saves, and only if a stream ends so, changes what it can and saves again:

* a page's content or a form (most of a document's streams) gets a line feed more at its end,
  which changes nothing drawn and gives its compressed data other last bytes;
* the cross-reference stream, which qpdf makes, changes when the objects move: the first page's
  content gets line feeds more until its compressed length changes;
* any other stream (a font, a picture) is compressed once more, as it is: one more
  ``FlateDecode`` in its filters. qpdf would undo that when it compresses streams, so the file
  is then written as it was read, streams as they are and without object streams (which qpdf
  compresses only along with the rest); so it is too when an object stream, which qpdf makes
  from the objects as they are, ends so. A larger file, rarely.

The output stays a function of the input alone.
"""

from __future__ import annotations

import zlib
from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

#: What a stream whose data ends with a carriage return looks like in the file qpdf writes.
AMBIGUOUS = b"\r\nendstream"
#: Streams qpdf makes as it writes (it reads them back as objects too): made anew every time.
QPDFS = ("/XRef", "/ObjStm")
TRIES = 8  # each try leaves a changed stream ending so with a chance of 1 in 256


def write(pdf: pikepdf.Pdf) -> bytes:
    """The bytes of ``pdf``: deterministic (``/ID`` from the content), compressed, with object
    streams where it can, and no stream whose data ends with a carriage return."""
    # ReportLab makes its /ID from the time, which it reads from SOURCE_DATE_EPOCH in the
    # environment, not from the date the build was given; qpdf would keep its first half. Without
    # one, qpdf makes both halves from the content alone, and the content holds the given date.
    if "/ID" in pdf.trailer:
        del pdf.trailer.ID
    compact = True
    data = _save(pdf, compact)
    for _ in range(TRIES):
        if AMBIGUOUS not in data:
            return data
        data, compact = _again(data, compact)
    raise RuntimeError(f"a stream still ends with a carriage return after {TRIES} tries")


def _again(data: bytes, compact: bool) -> tuple[bytes, bool]:
    """``data`` saved again, what ends with a carriage return changed; and whether it still can
    be saved compact."""
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        drawn = {s.objgen for page in pdf.pages for s in _contents(page.obj)}
        ending = [s for s in pdf.objects if isinstance(s, pikepdf.Stream)
                  and s.get("/Type") not in QPDFS and s.read_raw_bytes().endswith(b"\r")]
        for stream in ending:
            if stream.objgen in drawn or stream.get("/Subtype") == "/Form":
                stream.write(zlib.compress(stream.read_bytes() + b"\n"),
                             filter=pikepdf.Name.FlateDecode)
            else:
                _compress_again(stream)
                compact = False  # qpdf would compress it back as it was
        if not ending:  # one of qpdf's own streams
            xref = int(data[data.rindex(b"startxref") + 9:].split()[0])
            if data.index(AMBIGUOUS) > xref:  # the cross-reference stream, last in the file
                _shift(pdf)
            else:
                compact = False  # an object stream: none then
        return _save(pdf, compact), compact


def _shift(pdf: pikepdf.Pdf) -> None:
    """Make the first page's content a byte longer or shorter (line feeds at its end), so that
    the objects after it move, and with them the offsets the cross-reference stream holds."""
    import pikepdf

    first = _contents(pdf.pages[0].obj)[0]
    before, data = len(first.read_raw_bytes()), first.read_bytes()
    raw = zlib.compress(data)
    while len(raw) == before:
        data += b"\n"
        raw = zlib.compress(data)
    first.write(raw, filter=pikepdf.Name.FlateDecode)


def _save(pdf: pikepdf.Pdf, compact: bool) -> bytes:
    """``compact``: streams compressed, objects in object streams; otherwise streams as they
    are (compressed already) and no object streams."""
    import pikepdf

    out = BytesIO()
    if compact:
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    else:
        pdf.save(out, deterministic_id=True, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def _contents(page: pikepdf.Dictionary) -> list[pikepdf.Object]:
    """A page's content streams."""
    import pikepdf

    contents = page.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def _compress_again(stream: pikepdf.Stream) -> None:
    """One more ``FlateDecode`` before the stream's own filters: the same content decoded."""
    import pikepdf

    filters = stream.get("/Filter")
    parms = stream.get("/DecodeParms")
    names = list(filters) if isinstance(filters, pikepdf.Array) else [filters] if filters else []
    params: list[object] = []
    if isinstance(parms, pikepdf.Array):
        params += parms
    elif names:
        params += [parms] + [None] * (len(names) - 1)
    raw = zlib.compress(stream.read_raw_bytes(), 9)
    stream.write(raw, filter=pikepdf.Array([pikepdf.Name.FlateDecode, *names]))
    if any(p is not None for p in params):
        stream.DecodeParms = pikepdf.Array([None, *params])
