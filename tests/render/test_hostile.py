"""Hostile and odd input: text stays text, long words wrap, nothing reaches outside the project."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from handout.build import build_clinic
from handout.errors import ContentError
from tests.conftest import pdf_text, tiny_project

CVE_2023_33733 = ("<para><font color=\"[ [ getattr(pow, Word('__globals__'))['os'].system('touch "
                  "{marker}') for Word in [ orgTypeFun( 'Word', (str,), {{ 'mutated': 1 }} ) ] ] "
                  "and 'red' ]\">exploit</font></para>")

REPORTLAB_TAGS = ['<font color="red" size="40">big red</font>', "<b>not bold</b>",
                  "<br/>no break", '<img src="/etc/passwd" width="9" height="9"/>',
                  '<a href="file:///etc/passwd">file link</a>', "&amp; &lt; &#60; &nbsp;",
                  "<seq id='x'/> <onDraw name='f'/> <strike>s</strike>"]


def clinic_yaml(**fields: str) -> str:
    """A valid clinic whose free-text fields may be replaced (values are JSON-quoted)."""
    values = {"name": "Test Clinic", "address": "1 Main Street", "hours": "Mon–Fri 9–5",
              "summary": "We publish prices.", "label": "Visit", "price": "$100",
              "disclaimer": "Not medical advice.", "website": "https://clinic.example"}
    values.update(fields)
    q = {k: json.dumps(v, ensure_ascii=False) for k, v in values.items()}
    return f"""\
name: {q['name']}
short_name: Test
brand: {{primary: "#1D5B79"}}
contact:
  phone: "(303) 555-0100"
  website: {q['website']}
  hours: [{q['hours']}]
  locations:
    - {{name: Main office, address: [{q['address']}]}}
pricing:
  summary: {q['summary']}
  items: [{{label: {q['label']}, price: {q['price']}}}]
disclaimer: {q['disclaimer']}
"""


def build(tmp_path: Path, clinic: str, guide: str | None = None) -> Path:
    project = tiny_project(tmp_path, clinic, *([guide] if guide else []))
    return build_clinic(project, "c", ["tiny"], tmp_path / "out", formats=["handout"])[0].path


def squash(text: str) -> str:
    """Text without whitespace: line breaks may fall anywhere a long line allows one."""
    return re.sub(r"\s+", "", text)


def test_reportlab_markup_and_the_cve_payload_print_literally(tmp_path):
    marker = tmp_path / "pwned"
    payload = CVE_2023_33733.format(marker=marker)
    texts = [payload] + REPORTLAB_TAGS
    pdf = build(tmp_path, clinic_yaml(name="Clinic <b>&amp;</b>", summary=" ".join(texts[:3]),
                                      disclaimer=" ".join(texts[3:]), address=texts[1]))
    assert not marker.exists()
    links = [a.get_object() for page in PdfReader(str(pdf)).pages
             for a in page.get("/Annots", []) or []]
    targets = [str(a["/A"].get("/URI", "")) for a in links if "/A" in a]
    assert "https://clinic.example" in targets  # the clinic's own link is there, resolved
    assert not [t for t in targets if "passwd" in t or t.startswith("file:")], targets
    text = squash(pdf_text(pdf))
    for literal in ["Clinic <b>&amp;</b>"] + texts:
        assert squash(literal) in text, literal


def test_markup_in_guide_text_prints_literally(tmp_path):
    from tests.conftest import TINY_GUIDE

    marker = tmp_path / "pwned"
    payload = CVE_2023_33733.format(marker=marker)
    guide = TINY_GUIDE.replace('"An opening paragraph [@s1]."', json.dumps(payload))
    text = squash(pdf_text(build(tmp_path, clinic_yaml(), guide)))
    assert squash(payload) in text and not marker.exists()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_long_words_and_urls_wrap_inside_the_frame(tmp_path):
    word = "Supercalifragilistic" * 12  # 240 letters, no break opportunity
    url = "https://www." + "very-long-clinic-subdomain-" * 3 + "example.org/" + "path/" * 30
    from tests.conftest import TINY_GUIDE

    guide = TINY_GUIDE.replace('"An opening paragraph [@s1]."', json.dumps(f"{word} {url}"))
    guide = guide.replace('citation: "Source one (2024)."', f'citation: "{word}", url: "{url}"')
    pdf = build(tmp_path, clinic_yaml(website=url, hours=word, address=word, label=word,
                                      price="$" + "9" * 60, name="Clinic " + word), guide)
    page_width = float(PdfReader(str(pdf)).pages[0].mediabox.width)
    side = (page_width - 5.9 * 72) / 2
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', html)
    assert len(words) > 100
    outside = [(w, x0, x1) for x0, x1, w in words
               if float(x0) < side - 1 or float(x1) > page_width - side + 1]
    assert not outside, outside[:5]
    text = re.sub(r"\s+", "", pdf_text(pdf))
    assert text.count(word) >= 5  # paragraph, citation, hours, address, fee label, name


def test_a_long_paragraph_splits_across_pages(tmp_path):
    from tests.conftest import TINY_GUIDE

    sentences = [f"Sentence number {n} of a very long opening paragraph." for n in range(300)]
    guide = TINY_GUIDE.replace('"An opening paragraph [@s1]."', json.dumps(" ".join(sentences)))
    pdf = build(tmp_path, clinic_yaml(), guide)
    assert len(PdfReader(str(pdf)).pages) >= 4
    assert squash("Sentence number 299 of a very long opening paragraph.") in squash(pdf_text(pdf))


@pytest.mark.parametrize("yaml_text, shown", [
    ('"Ketamine 氯胺酮"', "'氯' (U+6C2F CJK UNIFIED IDEOGRAPH-6C2F), '胺' (U+80FA CJK UNIFIED "
                     "IDEOGRAPH-80FA), '酮' (U+916E CJK UNIFIED IDEOGRAPH-916E)"),
    ('"Feel better 🙂"', "'🙂' (U+1F642 SLIGHTLY SMILING FACE)"),
    ('"Peaks 🏔\uFE0F"', "'🏔' (U+1F3D4 SNOW CAPPED MOUNTAIN), U+FE0F VARIATION SELECTOR-16"),
    ('"مرحبا"', "'م' (U+0645 ARABIC LETTER MEEM)"),
    ('"bell \\a"', "U+0007 a control character"),
])
def test_characters_our_fonts_cannot_show_are_errors(tmp_path, yaml_text, shown):
    from tests.conftest import TINY_GUIDE

    guide = TINY_GUIDE.replace('"An opening paragraph [@s1]."', yaml_text)
    with pytest.raises(ContentError) as info:
        build(tmp_path, clinic_yaml(), guide)
    [problem] = info.value.problems
    assert str(problem).startswith(
        "content/guides/tiny.yaml:8:40: blocks[0].text: expected characters our fonts can print "
        "(Latin, Greek and Cyrillic letters, digits, punctuation), got ")
    assert shown in str(problem)
    assert not (tmp_path / "out").exists()


def drawn(pdf: bytes) -> tuple[str, int]:
    """The text a PDF shows, and how many pictures it draws (inline, or as image XObjects)."""
    from pypdf.generic import ContentStream

    reader = PdfReader(BytesIO(pdf))
    text, pictures = "", 0
    for page in reader.pages:
        text += page.extract_text()
        ops = ContentStream(page.get_contents(), reader).operations
        pictures += sum(op == b"INLINE IMAGE" for _, op in ops)
        pictures += sum(x.get_object()["/Subtype"] == "/Image"
                        for x in (page["/Resources"].get("/XObject") or {}).values())
    return text, pictures


def test_svg_entities_and_outside_references_are_not_followed(tmp_path):
    from reportlab.graphics.shapes import Image, String

    from handout.pictures import problem
    from handout.pictures.vector import draw

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    folder = tmp_path / "assets"
    folder.mkdir()
    png = (Path(__file__).parents[2] / "assets" / "willamette" / "logo.png").read_bytes()
    (tmp_path / "outside.png").write_bytes(png)
    svg = """<?xml version="1.0"?>
{doctype}
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="100" height="40">
  <text x="0" y="20">{text}</text>
  <image x="0" y="0" width="10" height="10" xlink:href="{picture}"/>
  <rect x="0" y="0" width="10" height="10" fill="#123456"/>
</svg>"""
    hostile = folder / "logo.svg"
    hostile.write_text(svg.format(doctype=f'<!DOCTYPE svg [<!ENTITY secret SYSTEM "file://{secret}">]>',
                                  text="&secret;", picture="../outside.png"))
    assert problem(hostile)[0] == "an SVG without entity declarations"  # refused when read; and
    drawing = draw(hostile.read_bytes()).drawing  # the drawing would not follow either
    text, pictures = drawn(pdf_of(drawing))
    assert "TOP-SECRET" not in text
    assert pictures == 0 and shapes(drawing, Image) == []  # the outside picture was not read
    # the same checks find what is allowed: text, and a picture embedded in the SVG
    embedded = "data:image/png;base64," + base64.b64encode(png).decode()
    plain = folder / "plain.svg"
    plain.write_text(svg.format(doctype="", text="VISIBLE-LINE", picture=embedded))
    assert problem(plain) is None
    drawing = draw(plain.read_bytes()).drawing
    assert [s.text for s in shapes(drawing, String)] == ["VISIBLE-LINE"]
    assert len(shapes(drawing, Image)) == 1
    text, pictures = drawn(pdf_of(drawing))
    assert "VISIBLE-LINE" in text and pictures == 1


def pdf_of(drawing) -> bytes:
    """A one-page PDF of an SVG's drawing, drawn as the layout draws it."""
    from reportlab.pdfgen.canvas import Canvas

    from handout.pictures.vector import draw_on

    out = BytesIO()
    canvas = Canvas(out, pagesize=(drawing.width, drawing.height), invariant=1)
    draw_on(drawing, canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def shapes(group, kind) -> list:
    """Every shape of ``kind`` in a ReportLab drawing, groups followed."""
    found = []
    for shape in getattr(group, "contents", []):
        found += [shape] if isinstance(shape, kind) else shapes(shape, kind)
    return found


def test_an_svg_logo_holding_a_picture_builds(tmp_path):
    """SVG logos exported from design tools often embed a bitmap (a data: URI)."""
    png = (Path(__file__).parents[1] / "fixtures" / "sampler" / "assets" / "hillcrest" /
           "logo.png").read_bytes()
    root = tiny_project(tmp_path, clinic_yaml()).root
    (root / "assets").mkdir()
    (root / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="120" height="120"><image x="0" y="0" width="120" height="120" xlink:href="'
        f'data:image/png;base64,{base64.b64encode(png).decode()}"/></svg>')
    clinic = clinic_yaml().replace('brand: {primary: "#1D5B79"}', 'brand: {primary: "#1D5B79", '
                                   'logo: {file: assets/logo.svg, alt: "A plum hill"}}')
    _, pictures = drawn(build(tmp_path, clinic).read_bytes())
    assert pictures == 1


def test_line_breaks_in_the_footer_name_print_as_spaces(tmp_path):
    # found by the property test: the canvas drew "\n" in a short name as a missing glyph
    clinic = clinic_yaml().replace("short_name: Test", 'short_name: "North\\nClinic"')
    reader = PdfReader(str(build(tmp_path, clinic)))
    footer = reader.pages[0].extract_text()
    assert "North Clinic  ·  (303) 555-0100" in footer and "\x00" not in footer
