"""ReportLab's bytes → the file we write: every stream's extent beyond doubt, objects compressed,
and an ID of its own.

ReportLab writes a stream's data and ``endstream`` right after it. PDF/A (ISO 19005-2, 6.1.7.1)
wants an end-of-line marker before ``endstream``, not counted in the stream's ``/Length``; a
validator finds the data's end by stepping back over that marker. So each ``endstream`` gets a
carriage return and line feed before it: that pair is the marker, whatever the data's last byte
(a lone line feed would be taken for part of a marker after data ending with a carriage return,
as compressed data does about once in 256 streams).

ReportLab writes every other object as plain text: the structure tree's hundreds of elements,
most of a tagged file's objects, would make it about a quarter larger. They go into compressed
object streams (PDF 1.7, 7.5.7), and the cross-reference table becomes a compressed
cross-reference stream (7.5.8), both of which PDF/A-2 allows.

The file ID (``/ID``) is the MD5 of the rest of the file, as PDF 1.7 (14.4) suggests: a function
of the content, which holds the date the build was given, so identical input gives identical
bytes. The header says PDF 1.7, the version PDF/UA-1 and PDF/A-2 are made on.

Takes and gives bytes; relies on the layout ReportLab writes (objects in number order, each
``n 0 obj`` … ``endobj``, one cross-reference section, a trailer naming ``/Root`` and ``/Info``),
which tests check.
"""

from __future__ import annotations

import hashlib
import re
import zlib

_STREAM_END = b"endstream\n"  # as ReportLab ends a stream's object (then "endobj")
_TRAILER_REFS = re.compile(rb"/(Root|Info) (\d+ \d+ R)")
#: Objects per object stream, as qpdf writes them: a reader decompresses a stream to reach one.
PER_STREAM = 100


def finish(data: bytes) -> bytes:
    """``data``, a PDF as ReportLab wrote it, as we write it (see the module)."""
    startxref = data.rindex(b"startxref")
    table = int(data[startxref + 9:].split()[0])
    header_end = data.index(b"\n", data.index(b"\n", table) + 1) + 1  # "xref\n0 N\n"
    count = int(data[table:header_end].split()[2])
    offsets = [int(data[header_end + 20 * i:header_end + 20 * i + 10]) for i in range(1, count)]
    refs = dict(_TRAILER_REFS.findall(data[header_end + 20 * count:startxref]))

    head = b"%PDF-1.7" + data[8:offsets[0]]
    parts, at = [head], len(head)
    #: number → (1, offset, 0), or (2, its object stream's number, its index in that stream)
    where: dict[int, tuple[int, int, int]] = {}
    packed: list[tuple[int, bytes]] = []  # (number, text) of objects that are not streams
    for number, (start, end) in enumerate(zip(offsets, [*offsets[1:], table], strict=True), 1):
        obj = data[start:end]
        body = obj[obj.index(b"\n") + 1:obj.rindex(b"endobj")]
        if body.endswith(_STREAM_END):
            obj = _stream_object(number, body[:-len(_STREAM_END)])
            where[number] = (1, at, 0)
            parts.append(obj)
            at += len(obj)
        else:
            packed.append((number, body.rstrip(b"\n")))
    next_number = count
    for first in range(0, len(packed), PER_STREAM):
        chunk = packed[first:first + PER_STREAM]
        index, texts, offset = [], [], 0
        for i, (number, text) in enumerate(chunk):
            index.append(b"%d %d" % (number, offset))
            texts.append(text)
            offset += len(text) + 1
            where[number] = (2, next_number, i)
        header = b" ".join(index) + b"\n"
        stream = zlib.compress(header + b"\n".join(texts) + b"\n")
        obj = _stream_object(next_number, b"<< /Type /ObjStm /N %d /First %d /Filter "
                             b"/FlateDecode /Length %d >>\nstream\n%s"
                             % (len(chunk), len(header), len(stream), stream))
        where[next_number] = (1, at, 0)
        parts.append(obj)
        at += len(obj)
        next_number += 1
    body = b"".join(parts)
    ident = hashlib.md5(body, usedforsecurity=False).hexdigest().encode()
    xref_number = next_number
    where[xref_number] = (1, at, 0)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]  # object 0: free, generation 65535
    for number in range(1, xref_number + 1):
        kind, place, nth = where[number]
        rows.append(bytes([kind]) + place.to_bytes(4, "big") + nth.to_bytes(2, "big"))
    xref = zlib.compress(b"".join(rows))
    return body + _stream_object(xref_number, (
        b"<< /Type /XRef /Size %d /W [1 4 2] /Root %s /Info %s /ID [<%s> <%s>] /Filter "
        b"/FlateDecode /Length %d >>\nstream\n%s"
        % (xref_number + 1, refs[b"Root"], refs[b"Info"], ident, ident, len(xref), xref))
    ) + b"startxref\n%d\n%%%%EOF\n" % at


def _stream_object(number: int, stream: bytes) -> bytes:
    """Object ``number`` holding ``stream`` (its dictionary, ``stream``, its data), the data's
    end beyond doubt: CR LF, the end-of-line marker, then ``endstream`` (see the module)."""
    return b"%d 0 obj\n%s\r\nendstream\nendobj\n" % (number, stream)
