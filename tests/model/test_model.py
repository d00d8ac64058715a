"""Validation messages a clinic's office staff can act on: file, line, key, expected, found."""

from pathlib import Path

import pytest

from handout.errors import ContentError
from handout.load import parse_yaml
from handout.model import parse_clinic, parse_guide

CLINIC = """\
name: Test Clinic
brand:
  primary: "#1D5B79"
contact:
  phone: "(303) 555-0100"
"""


def clinic_problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        parse_clinic(parse_yaml(text, Path("c.yaml")))
    return [str(p) for p in info.value.problems]


def test_minimal_clinic_is_valid():
    clinic = parse_clinic(parse_yaml(CLINIC, Path("c.yaml"))).value
    assert clinic.paper == "letter" and clinic.display_short == "Test Clinic"


@pytest.mark.parametrize("change, expected", [
    (("  primary: \"#1D5B79\"", "  primary: teal"),
     "c.yaml:3:12: brand.primary: expected a colour as #RRGGBB (like \"#1D5B79\"), got 'teal'"),
    (("  phone: \"(303) 555-0100\"", "  phone: call us"),
     "c.yaml:5:10: contact.phone: expected a phone number (like \"(303) 555-0142\"), got 'call us'"),
    (("  phone: \"(303) 555-0100\"", "  phone: \"(303) 555-0100\"\n  emial: a@b.example"),
     "c.yaml:6:3: contact.emial: expected only known keys, got unknown key 'emial' "
     "(did you mean 'email'?)"),
    (("  phone: \"(303) 555-0100\"", "  phone: \"(303) 555-0100\"\n  website: www.clinic.com"),
     "c.yaml:6:12: contact.website: expected a web address starting with https:// (like "
     "\"https://clinic.example\"), got 'www.clinic.com'"),
    (("  phone: \"(303) 555-0100\"", "  phone: \"(303) 555-0100\"\n  booking: https://a.example/"
      + "x" * 300),
     "c.yaml:6:12: contact.booking: expected a web address of at most 300 characters (link to a "
     "shorter page address), got one of 318 characters"),
    (("name: Test Clinic", "name: Test Clinic\npaper: legal"),
     "c.yaml:2:8: paper: expected 'letter' or 'a4', got 'legal'"),
    (("name: Test Clinic\n", ""),
     "c.yaml:1:1: name: expected this key (it is required), got nothing (add 'name:' at the top "
     "of the file)"),
])
def test_clinic_mistakes(change, expected):
    assert clinic_problems(CLINIC.replace(*change)) == [expected]


def test_several_mistakes_are_reported_together():
    text = CLINIC.replace("#1D5B79", "#12").replace("(303) 555-0100", "none")
    assert len(clinic_problems(text)) == 2


GUIDE = """\
id: g
title: T
version: "1"
reviewed: 2026-11-01
sources:
  - {id: bmj-2022, label: "BMJ, 2022", citation: "BMJ (2022)."}
blocks:
  - id: intro
    kind: paragraph
    text: "Call {clinic.phone} [@bmj-2022]."
"""


def guide_problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        parse_guide(parse_yaml(text, Path("g.yaml")), "g")
    return [str(p) for p in info.value.problems]


def test_minimal_guide_is_valid():
    assert parse_guide(parse_yaml(GUIDE, Path("g.yaml")), "g").value.blocks[0].id == "intro"


@pytest.mark.parametrize("change, expected", [
    (("kind: paragraph", "kind: paragrap"),
     "g.yaml:9:11: blocks[0].kind: expected a block kind: paragraph, quote, callout, list, steps, "
     "checklist, table, figure, items, faq, clinic-panel, sources, section, got 'paragrap' "
     "(did you mean 'paragraph'?)"),
    (("{clinic.phone}", "{clinic.phon}"),
     "g.yaml:10:11: blocks[0].text: expected a known placeholder ({clinic.name}, "
     "{clinic.short_name}, {clinic.phone}, {clinic.email}, {clinic.website}, {clinic.booking}), "
     "got {clinic.phon}; did you mean {clinic.phone}?"),
    (("[@bmj-2022]", "[@bmj-2021]"),
     "g.yaml:10:11: blocks[0].text: expected a source id from 'sources' (bmj-2022), got "
     "[@bmj-2021] (did you mean 'bmj-2022'?)"),
    (("id: g", "id: other"),
     "g.yaml:1:5: id: expected the id 'g' (the file's name), got 'other'"),
    (("    text:", "    txt:"),
     "g.yaml:10:5: blocks[0].txt: expected only known keys, got unknown key 'txt' "
     "(did you mean 'text'?)"),
])
def test_guide_mistakes(change, expected):
    assert expected in guide_problems(GUIDE.replace(*change))


def test_duplicate_block_ids_are_refused():
    text = GUIDE + "  - id: intro\n    kind: paragraph\n    text: again\n"
    assert guide_problems(text) == [
        "g.yaml:11:9: blocks[1].id: expected an id used only once in the guide, got 'intro' "
        "(also used on line 8)"]


def test_shipped_content_is_valid(project):
    for name in project.clinic_names():
        project.clinic(name)
    for gid in project.guide_ids():
        project.guide(gid)
