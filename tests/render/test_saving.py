"""A stream whose data ends with a carriage return, read back one byte short by PDF/A validators:
``tagging.saving.write`` leaves none, whichever stream it is, and changes nothing a reader sees.

The PDFs here are made with pikepdf, their content searched for (deterministically) until a
stream ends so; page-validation's PDF/A stream-length rule, qpdf and the decoded content judge.
"""

from __future__ import annotations

import random
import subprocess
import zlib
from io import BytesIO
from itertools import count

import pikepdf
import pytest

from handout.tagging.saving import AMBIGUOUS, QPDFS, write

page = pytest.importorskip("page", reason="needs the page-validation package")


def plain(pdf: pikepdf.Pdf) -> bytes:
    """``pdf`` saved as qpdf saves it, nothing looked at."""
    out = BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def length_failures(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    report = page.validate_pdf(path, profile="2b")
    return [f.rule_id for f in report.failures if "STREAM-LENGTH" in f.rule_id]


def qpdf_check(data: bytes, tmp_path) -> None:
    path = tmp_path / "qpdf.pdf"
    path.write_bytes(data)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def document(content: bytes, picture: bytes | None = None, note: str = "") -> pikepdf.Pdf:
    """A one-page PDF drawing ``content``, with ``picture`` (8-bit grey, 16 pixels a row, its
    rows PNG-predicted) as an image resource, and ``note`` in a dictionary of its own."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page_obj = pdf.pages[0].obj
    page_obj.Contents = pdf.make_stream(zlib.compress(content))
    page_obj.Contents.Filter = pikepdf.Name.FlateDecode
    if picture is not None:
        rows = b"".join(b"\0" + picture[i:i + 16] for i in range(0, len(picture), 16))
        image = pdf.make_stream(zlib.compress(rows))
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height = 16, len(picture) // 16
        image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
        image.Filter = pikepdf.Name.FlateDecode
        image.DecodeParms = pikepdf.Dictionary(Predictor=12, Columns=16, Colors=1,
                                               BitsPerComponent=8)
        page_obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    pdf.Root.Note = pdf.make_indirect(pikepdf.Dictionary(Text=pikepdf.String(note)))
    return pdf


def search(make, where) -> pikepdf.Pdf:
    """The first document ``make(n)`` whose plain save has a stream ending with a carriage
    return ``where`` says (a test of the bytes and the offset of ``startxref``'s object)."""
    for n in count():
        pdf = make(n)
        data = plain(pdf)
        if AMBIGUOUS in data and where(data):
            return pdf
        assert n < 20_000, "no such document found"
    raise AssertionError


def noise(n: int) -> bytes:
    """A comment of ``n`` bytes that do not compress away: the objects after it move."""
    return b"%" + random.Random(n).randbytes(n // 2).hex().encode() + b"\n"


def xref_at(data: bytes) -> int:
    return int(data[data.rindex(b"startxref") + 9:].split()[0])


def in_xref(data: bytes) -> bool:
    return data.index(AMBIGUOUS) > xref_at(data)


def test_a_page_whose_content_ends_so_gets_a_line_feed_more(tmp_path):
    content = b"0 0 m 100 100 l S\n"
    pdf = search(lambda n: document(content + b"%" * n), _content_ends_so)
    before = pdf.pages[0].Contents.read_bytes()
    assert length_failures(plain(pdf), tmp_path)  # the check sees the problem
    data = write(pdf)
    assert AMBIGUOUS not in data and not length_failures(data, tmp_path)
    qpdf_check(data, tmp_path)
    with pikepdf.open(BytesIO(data)) as again:
        assert again.pages[0].Contents.read_bytes() in (before, before + b"\n")
    assert b"/ObjStm" in data and write(pdf) == data  # still compact, and the same each time


def test_a_picture_that_ends_so_is_compressed_once_more_with_its_predictor(tmp_path):
    pixels = bytes(range(0, 256, 8)) * 4

    def make(n: int) -> pikepdf.Pdf:
        return document(b"q 16 0 0 8 0 0 cm /Im0 Do Q\n", pixels[:-1] + bytes([n % 256]),
                        note=str(n // 256))

    pdf = search(make, _picture_ends_so)
    image = pdf.pages[0].Resources.XObject.Im0
    shown = image.read_bytes()
    assert length_failures(plain(pdf), tmp_path)
    data = write(pdf)
    assert AMBIGUOUS not in data and not length_failures(data, tmp_path)
    qpdf_check(data, tmp_path)
    with pikepdf.open(BytesIO(data)) as again:
        image = again.pages[0].Resources.XObject.Im0
        assert list(image.Filter) == ["/FlateDecode", "/FlateDecode"]
        assert image.DecodeParms[0] is None and int(image.DecodeParms[1].Predictor) == 12
        assert image.read_bytes() == shown  # the same pixels
    assert write(pdf) == data


def _content_ends_so(data: bytes) -> bool:
    with pikepdf.open(BytesIO(data)) as pdf:
        return pdf.pages[0].Contents.read_raw_bytes().endswith(b"\r")


def _picture_ends_so(data: bytes) -> bool:
    with pikepdf.open(BytesIO(data)) as pdf:
        return pdf.pages[0].Resources.XObject.Im0.read_raw_bytes().endswith(b"\r")


def test_a_cross_reference_stream_that_ends_so_moves_the_objects(tmp_path):
    pdf = search(lambda n: document(b"0 0 m 100 100 l S\n" + noise(n)), in_xref)
    assert length_failures(plain(pdf), tmp_path)
    data = write(pdf)
    assert AMBIGUOUS not in data and not length_failures(data, tmp_path)
    qpdf_check(data, tmp_path)
    assert b"/ObjStm" in data  # still compact


def test_an_object_stream_that_ends_so_leaves_the_file_without_them(tmp_path):
    def in_object_stream(data: bytes) -> bool:
        if in_xref(data):
            return False
        with pikepdf.open(BytesIO(data)) as pdf:  # no stream of ours ends so
            return not any(s.read_raw_bytes().endswith(b"\r") for s in pdf.objects
                           if isinstance(s, pikepdf.Stream) and s.get("/Type") not in QPDFS)

    pdf = search(lambda n: document(b"0 0 m 100 100 l S\n", note="y" * n), in_object_stream)
    assert length_failures(plain(pdf), tmp_path)
    data = write(pdf)
    assert AMBIGUOUS not in data and not length_failures(data, tmp_path)
    qpdf_check(data, tmp_path)
    assert b"/ObjStm" not in data
    with pikepdf.open(BytesIO(data)) as again:
        assert str(again.Root.Note.Text) == str(pdf.Root.Note.Text)
