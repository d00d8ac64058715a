"""Property: whatever bytes sit behind a picture's name, the build gives a PDF or a clean
content error, never a traceback or an internal error.

Hypothesis feeds arbitrary bytes, a real signature followed by arbitrary bytes, real pictures
with bytes changed or cut short, and real SVGs with hostile fragments spliced in, behind a PNG,
JPEG, WebP or SVG name, as a clinic's logo. A PDF must open and every operator on its first page
(where the logo is) must be a PDF operator: a NaN or an infinity from a drawing would show there.
The default run tries a few dozen examples; ``HYPOTHESIS_PROFILE=thorough`` tries 500.
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path

import pikepdf
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from handout.build import build_clinic
from handout.errors import ContentError
from tests.pictures.make import encode, exif_orientation, project_with

settings.register_profile("default", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

_picture = Image.new("RGBA", (48, 24), (29, 91, 121, 255))
ImageDraw.Draw(_picture).rectangle((0, 0, 11, 11), fill=(200, 40, 40, 128))
_png = encode(_picture.convert("P"), transparency=0)
SAMPLES = {
    "logo.png": _png,
    "logo.jpg": encode(_picture.convert("RGB"), "JPEG", exif=exif_orientation(6)),
    "logo.webp": encode(_picture, "WEBP"),
    "logo.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="120" height="40" viewBox="0 0 120 40"><defs><g id="a"><rect width="10" '
        'height="10" fill="#1D5B79"/></g></defs><use xlink:href="#a" x="5"/><circle cx="60" '
        'cy="20" r="15" fill="none" stroke="#E3A72F" stroke-width="3"/><path d="M80 35 L100 5 '
        'L115 35 Z"/><text x="2" y="38" font-size="8">Clinic</text><image x="30" y="5" '
        f'width="20" height="20" href="data:image/png;base64,{base64.b64encode(_png).decode()}"/>'
        '</svg>').encode(),
}
FRAGMENTS = [b'<rect width="nan" height="1"/>', b' stroke-width="inf"',
             b'<use href="#a"/>', b'<use xlink:href="#b"/>', b' id="b"', b' viewBox="0 0 nan 1"',
             b' width="-1"', b' height="1e308"', b'<g>', b'</g>', b' transform="scale(1e308)"',
             b' transform="rotate(nan)"', b'<rect width="inf" height="1"/>', b' r="-5"',
             b'<path d="M0 0 L nan nan Z"/>', b'<path d="M 1e400 0 C"/>', b' font-size="1e309"',
             b' stroke-dasharray="0.0001"', b' fill="url(#nothing)"', b'<text>&amp;</text>',
             b' x="1e30"', b'<image href="data:image/png;base64,iVBORw0KGgo="/>',
             b'<image href="data:image/jpeg;base64,/9j/4AAQ"/>', b'<style>rect{fill:red}</style>',
             b'<clipPath id="c"><use href="#c"/></clipPath>', b' clip-path="url(#c)"',
             b'<linearGradient id="g"/>', b' fill="url(#g)"', b'<svg width="0">', b'</svg>',
             b'\x00', b'\xff\xfe', b'<!-- -->', b'<![CDATA[x]]>', b'<?pi x?>']

OPERATORS = set(
    "b b* B B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J "
    "K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf TJ Tj TL Tm Tr Ts Tw Tz "
    "v w W W* y ' \"".split())


@st.composite
def pictures(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SAMPLES)))
    sample = SAMPLES[name]
    ways = ["anything", "signature", "changed", "cut", "spliced"]
    how = draw(st.sampled_from(ways + ["spliced"] * 3 if name == "logo.svg" else ways))
    event(f"{name}: {how}")
    if how == "anything":
        return name, draw(st.binary(max_size=600))
    if how == "signature":
        return name, sample[:draw(st.integers(1, 64))] + draw(st.binary(max_size=600))
    if how == "cut":
        return name, sample[:draw(st.integers(0, len(sample)))]
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        if how == "changed":
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif name == "logo.svg":  # mostly where an element or an attribute may go
            fragment = draw(st.sampled_from(FRAGMENTS))
            if draw(st.integers(0, 4)):
                ends = [i for i, c in enumerate(data) if c == ord(">")]
                end = draw(st.sampled_from(ends))
                at = end + 1 if fragment.startswith(b"<") else end - (data[end - 1] == ord("/"))
            data[at:at] = fragment
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    return name, bytes(data)


@given(picture=pictures())
def test_any_bytes_behind_a_picture_name_give_a_pdf_or_a_content_error(picture):
    name, data = picture
    with tempfile.TemporaryDirectory() as tmp:
        project = project_with(Path(tmp), name, data)
        try:
            [output] = build_clinic(project, "c", ["tiny"], Path(tmp) / "out",
                                    formats=["handout"])
        except ContentError as exc:
            [problem] = exc.problems
            assert str(problem.location).startswith("content/clinics/c.yaml:4:")
            assert problem.path == "brand.logo.file"
            assert not (Path(tmp) / "out").exists()
            event(f"content error: {problem.expected[:50]}")
            return
        event("printed")
        with pikepdf.open(output.path) as pdf:
            operators = {str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0])}
            assert operators <= OPERATORS, operators - OPERATORS
