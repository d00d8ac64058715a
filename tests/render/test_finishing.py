"""The files ReportLab writes, as ``tagging.finishing`` gives them their last form: every stream's
extent beyond doubt, objects in object streams, a cross-reference stream that points at them,
and an ID that is the content's digest.

The shipped editions are read byte by byte, as a validator steps through them; a stream whose
compressed data ends with a carriage return (about one in 256) is searched for and judged by
page-validation's PDF/A stream-length rule and by qpdf.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import zlib
from io import BytesIO
from itertools import count
from pathlib import Path

import pytest
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from handout.tagging.finishing import finish

page = pytest.importorskip("page", reason="needs the page-validation package")

_LENGTH = re.compile(rb"/Length (\d+)")


def entries(data: bytes) -> tuple[int, dict[int, tuple[int, int, int]]]:
    """Where the cross-reference stream is, and object number → (kind, offset or object stream,
    index), from that stream (``/W [1 4 2]``)."""
    at = int(data[data.rindex(b"startxref") + 9:].split()[0])
    head, _, rest = data[at:].partition(b"\nstream\n")
    assert b"/Type /XRef" in head and b"/W [1 4 2]" in head, head
    rows = zlib.decompress(rest[:int(_LENGTH.findall(head)[-1])])
    assert len(rows) % 7 == 0
    return at, {n: (rows[7 * n], int.from_bytes(rows[7 * n + 1:7 * n + 5], "big"),
                    int.from_bytes(rows[7 * n + 5:7 * n + 7], "big"))
                for n in range(len(rows) // 7)}


def check_stream_end(number: int, obj: bytes) -> None:
    head, _, rest = obj.partition(b"\nstream\n")
    length = int(_LENGTH.findall(head)[-1])
    assert rest[length:length + 11] == b"\r\nendstream", \
        f"object {number}: /Length {length} is not followed by CR LF endstream"


def check_layout(data: bytes) -> None:
    assert data.startswith(b"%PDF-1.7\n%\x93")
    assert data.endswith(b"%%EOF\n")
    xref_at, table = entries(data)
    assert table[0][0] == 0, "object 0 is not free"
    streams = {n: offset for n, (kind, offset, _) in table.items() if kind == 1}
    for number, offset in streams.items():
        obj = data[offset:]
        assert obj.startswith(b"%d 0 obj\n" % number), (number, obj[:30])
        if b"\nstream\n" in obj[:obj.index(b"endobj")]:
            check_stream_end(number, obj[:obj.index(b"endobj") + 7])
    packed = [(n, host, index) for n, (kind, host, index) in table.items() if kind == 2]
    assert packed, "no object is in an object stream"
    for number, host, index in packed:
        obj = data[streams[host]:]
        head, _, rest = obj.partition(b"\nstream\n")
        assert b"/Type /ObjStm" in head
        listed = zlib.decompress(rest[:int(_LENGTH.findall(head)[-1])]).split(b"\n", 1)[0]
        assert listed.split()[2 * index] == b"%d" % number, (number, host, index)
    digest = hashlib.md5(data[:xref_at], usedforsecurity=False).hexdigest().encode()
    assert b"/ID [<%s> <%s>]" % (digest, digest) in data[xref_at:]


def test_every_reading_edition_has_the_layout_we_write(every_language):
    checked = 0
    for files in every_language.values():
        for fmt, path in files.items():
            if fmt != "booklet-print":  # the sheets are imposed, and written by pikepdf
                check_layout(path.read_bytes())
                checked += 1
    assert checked >= 40


def drawn(n: int) -> bytes:
    """A one-page PDF as ReportLab writes it, its content depending on ``n``."""
    out = BytesIO()
    canvas = Canvas(out, pageCompression=1, invariant=1, initialFontName="Helvetica")
    canvas.setFont("Helvetica", 12)  # a standard font: the page's content is its only stream
    canvas.drawString(10, 10, f"Take {n} deep breaths.")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_a_stream_whose_data_ends_with_a_carriage_return_is_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(rl_config, "useA85", 0)  # streams compressed only, as builds write them
    for n in count():
        data = drawn(n)
        [content] = re.findall(rb"\nstream\n(.*?)endstream", data, re.S)
        if content.endswith(b"\r") and b"deep breaths" in zlib.decompress(content):
            break
        assert n < 20_000, "no such page found"
    finished = finish(data)
    check_layout(finished)
    path = tmp_path / "ending.pdf"
    path.write_bytes(finished)
    report = page.validate_pdf(path, profile="2b")
    assert not [f.rule_id for f in report.failures if "STREAM-LENGTH" in f.rule_id]
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert f"Take {n} deep breaths." in text


def test_the_id_follows_the_content_alone(tmp_path: Path):
    first, again, other = finish(drawn(1)), finish(drawn(1)), finish(drawn(2))
    ident = re.compile(rb"/ID \[<([0-9a-f]{32})>")
    assert first == again
    assert ident.findall(first) != ident.findall(other)
