"""The clinic panel in large print, read back from the PDF: an address too long to stand beside
the QR code puts the code below the contact rows, its caption beside it at mid-height; a panel
taller than the room left continues overleaf; a reader meets every label, link and address in
the order they are shown."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
import yaml

from handout.build import build_clinic
from tests.conftest import sampler_project
from tests.render.structure import Element, read_tree
from tests.render.visible import lines

EMAIL = "appointments-and-general-enquiries@lakeside-clinic-example.example"
PLACES = [f"Place {n}" for n in range(4)]


@pytest.fixture(scope="module")
def tall(tmp_path_factory) -> Path:
    """Lakeside's large-print edition of the short guide, with a long email address, four
    locations (two rows of addresses, the second short) and more opening hours."""
    project = sampler_project(tmp_path_factory.mktemp("tall"))
    path = project.clinics_dir / "lakeside.yaml"
    clinic = yaml.safe_load(path.read_text(encoding="utf-8"))
    contact = clinic["contact"]
    contact["email"] = EMAIL
    contact["hours"] = [f"Day {n}: 9 am – 5 pm" for n in range(1, 7)]
    contact["locations"] = [{"name": name, "address": [f"{n} Lake Street", "Boulder, CO 80302"]}
                            for n, name in enumerate(PLACES, 1)]
    path.write_text(yaml.safe_dump(clinic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [made] = build_clinic(project, "lakeside", ["short"], tmp_path_factory.mktemp("out"),
                          ["large-print"])
    return made.path


def panel(tree: Element) -> list[Element]:
    """The elements between the panel's heading and the fees' heading, in reading order."""
    found = list(tree.walk())
    start = next(i for i, e in enumerate(found) if e.role == "H2" and "Talk with" in e.text)
    end = next(i for i, e in enumerate(found) if i > start and e.role.startswith("H"))
    return found[start + 1:end]


def test_a_reader_meets_the_panel_in_the_order_it_is_shown(tall):
    # compared without spaces: where a long address breaks over lines is not the point here
    read = [(e.role, "".join((e.alt or e.text).split())) for e in panel(read_tree(tall))
            if e.role in ("P", "Link", "Figure") and (e.text or e.alt)]
    assert read == [(role, "".join(text.split())) for role, text in [
        ("P", "Questions about anything in this guide? We are glad to help."),
        ("P", "Phone"), ("Link", "(303) 555-0100"),
        ("P", "Email"), ("Link", EMAIL),
        ("P", "Website"), ("Link", "lakeside.example"),
        ("P", "Book online"), ("Link", "lakeside.example/book"),
        ("P", "Hours"), ("P", " ".join(f"Day {n}: 9 am – 5 pm" for n in range(1, 7))),
        ("Link", "QR code: book a visit at lakeside.example/book"),
        ("Figure", "QR code: book a visit at lakeside.example/book"),
        ("P", "Scan to book a visit"), ("P", "Locations"),
        *[("P", f"{name} {n} Lake Street Boulder, CO 80302") for n, name in enumerate(PLACES, 1)]]]
    links = [e for e in panel(read_tree(tall)) if e.role == "Link"]
    assert all(e.annotations for e in links)  # each one the element of its link annotation


def test_the_code_goes_below_with_its_caption_beside_it_at_mid_height(tall):
    with pikepdf.open(tall) as pdf:
        page, code = next((n, [float(v) for v in a.Rect])
                          for n, p in enumerate(pdf.pages) for a in p.get("/Annots", [])
                          if a.get("/A", {}).get("/URI") == "https://lakeside.example/book"
                          and abs((a.Rect[2] - a.Rect[0]) - (a.Rect[3] - a.Rect[1])) < 1)
    x0, y0, x1, y1 = code
    shown = lines(tall)
    caption = next(line for line in shown if line.text == "Scan to book a visit")
    hours = next(line for line in shown if line.text == "Day 6: 9 am – 5 pm")
    assert (hours.page, -hours.baseline) < (page, -y1)  # the code is below the contact rows
    assert caption.page == page
    assert caption.x == pytest.approx(x0 + (x1 - x0) + 12, abs=1)  # in the column beside it
    size = caption.chars[0].size
    middle = caption.baseline + size * 0.35  # the middle of its lower-case letters
    assert middle == pytest.approx((y0 + y1) / 2, abs=size / 2)


def test_a_panel_taller_than_the_room_left_continues_overleaf(tall):
    shown = lines(tall)
    page_of = {line.text: line.page for line in shown}
    # between its contact rows and the code below them, under a cue
    assert page_of["Phone"] == page_of["Day 6: 9 am – 5 pm"] < page_of["Scan to book a visit"]
    assert page_of["Continued"] == page_of["Scan to book a visit"] == page_of[PLACES[3]]
    # the addresses three to a row, the fourth under the first
    first, second, fourth = (next(line for line in shown if line.text == name)
                             for name in (PLACES[0], PLACES[1], PLACES[3]))
    assert first.baseline == second.baseline and second.x > first.x
    assert fourth.x == first.x and fourth.baseline < first.baseline
