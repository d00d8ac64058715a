"""Work shared between editions never shows in the output: cold and warm caches, same bytes."""

import yaml

from handout import inline, pictures, shaping
from handout.build import Workshop
from handout.layout import paragraphs, qr
from handout.layout.formats import FORMATS
from handout.layout.markup import Markup
from tests.conftest import GUIDE, copy_project


def cold() -> None:
    paragraphs.clear()
    inline.parse.cache_clear()
    qr.runs.cache_clear()
    pictures.clear()
    shaping.clear()


def render(project, clinic: str) -> bytes:
    workshop = Workshop(project.root)
    return workshop.render(workshop.document(clinic, GUIDE), FORMATS["handout"])


def test_an_edition_is_the_same_after_others_warmed_the_caches(tmp_path):
    """Each clinic rendered alone is byte for byte the clinic rendered after others, of other
    brand colours and phone numbers too (the notice's taglines are set once for all of them,
    with each clinic's digits and colour put back), in either order."""
    project = copy_project(tmp_path)
    for name, source, colour, phone in (
            ("teal", "boulder", "#0B6E69", "(720) 555-0199"),
            ("gold", "harbor-light", "#9A6A00", "(207) 555-0123"),
            ("long", "willamette", "#5B2A86", "1-800-555-0100 ext. 24"),
            ("red", "boulder", "#B3261E", "(303) 555-0142")):
        data = yaml.safe_load((project.clinics_dir / f"{source}.yaml").read_text())
        data["contact"]["website"] = f"https://{name}.example"
        data["contact"]["phone"] = phone
        data["brand"]["primary"] = colour
        (project.clinics_dir / f"{name}.yaml").write_text(yaml.safe_dump(data))
    clinics = project.clinic_names()
    alone = {}
    for clinic in clinics:
        cold()
        alone[clinic] = render(project, clinic)
    cold()
    for clinic in clinics + clinics[::-1]:  # every order of warm-up, twice
        assert render(project, clinic) == alone[clinic], clinic


def test_a_clinics_notice_is_kept_once_for_every_clinic(project):
    """The notice's taglines hold the clinic's phone number and colour: they are kept once as
    the text that stands for every clinic's (digits "0", a stand-in colour), never with one
    clinic's number, which would only push the guide's own paragraphs out of the bounded cache."""
    cold()
    render(project, "boulder")
    kept = [text for text, _ in paragraphs._parsed]
    assert any("Boulder" in text for text in kept)  # the check itself works: the clinic's own
    notice = [text for text in kept if "language assistance services" in text]
    assert notice and all("000-0000" in text for text in notice)


def test_a_split_does_not_change_the_lines_another_paragraph_shares():
    """A split may edit line words in place (ReportLab's "hard" split does); others never see it."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

    style = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=16)
    text = Markup(" ".join(f"<b>word{i}</b> and <i>more</i> text" for i in range(40)))

    def drawn(paragraph) -> bytes:
        canvas = Canvas(None, invariant=1)
        paragraph.wrapOn(canvas, 200, 1000)
        paragraph.drawOn(canvas, 10, 10)
        return canvas.getpdfdata()

    paragraphs.clear()
    expected = drawn(paragraphs.Paragraph(text, style))
    paragraphs.clear()
    first, second = paragraphs.Paragraph(text, style), paragraphs.Paragraph(text, style)
    first.wrap(200, 1000)
    second.wrap(200, 1000)
    assert len(first.split(200, 100)) == 2  # split over a "page" of 100 points
    assert drawn(second) == expected
    assert drawn(paragraphs.Paragraph(text, style)) == expected


def images(pdf: bytes) -> list[tuple[int, int, bytes]]:
    """(width, height, pixels) of every colour picture in a PDF (not the masks of their alpha)."""
    from io import BytesIO

    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as doc:
        return [(int(o.Width), int(o.Height), o.read_bytes()) for o in doc.objects
                if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
                and o.get("/ColorSpace") != "/DeviceGray"]


def test_a_large_logo_is_embedded_at_300_pixels_an_inch_of_its_printed_size(project):
    """willamette's logo is 600 px square and prints 0.8 in high: 240 px is what a printer uses."""
    [(width, height, _)] = images(render(project, "willamette"))
    assert (width, height) == (240, 240)


def test_an_edited_picture_is_read_again_by_the_same_process(tmp_path):
    from PIL import Image

    project = copy_project(tmp_path)
    logo = project.root / "assets" / "willamette" / "logo.png"
    before = images(render(project, "willamette"))
    Image.new("RGB", (600, 600), "#335577").save(logo)  # same size, same name
    after = images(render(project, "willamette"))
    assert after[0][2] != before[0][2]
    svg = project.root / "assets" / "boulder" / "logo.svg"
    first = render(project, "boulder")
    svg.write_text(svg.read_text().replace("</svg>", '<circle cx="1" cy="1" r="1"/></svg>'))
    assert render(project, "boulder") != first


def test_an_edition_does_not_depend_on_reportlabs_process_wide_fonts(project, monkeypatch):
    """ReportLab's default fonts are process-wide: the last family loaded by any build of the
    process, or Helvetica. A clinic's SVG logo is drawn the same whatever they were left as."""
    from reportlab import rl_config

    before = render(project, "boulder")  # its logo is an SVG
    monkeypatch.setattr(rl_config, "defaultGraphicsFontName", "Helvetica")
    monkeypatch.setattr(rl_config, "canvas_basefontname", "Helvetica")
    workshop = Workshop(project.root)
    doc = workshop.document("boulder", GUIDE)
    monkeypatch.setattr(rl_config, "defaultGraphicsFontName", "Helvetica")  # after the load
    assert workshop.render(doc, FORMATS["handout"]) == before
