"""Every shipped clinic, guide and translation, in every edition, checked by an independent
validator: the reading editions against PDF/UA-1 and PDF/A-2a, the booklet's print sheets against
PDF/A-2b; for the office, for a print shop (``--bleed``), and the sheets with marks.

``page-validation`` implements the 104 machine-checkable rules of PDF/UA-1 (ISO 14289-1 and the
Matterhorn Protocol), agreeing with veraPDF on veraPDF's own test corpus, and the rules of PDF/A
(ISO 19005) by part and level.
"""

from __future__ import annotations

import pytest

from handout.build import build_clinic

page = pytest.importorskip("page", reason="needs the page-validation package (pip install -e '.[test]')")

#: edition → the profiles it must pass, with the number of rules each checks
PROFILES = {"handout": {"ua1": 104, "2a": 154}, "booklet": {"ua1": 104, "2a": 154},
            "large-print": {"ua1": 104, "2a": 154}, "booklet-print": {"2b": 144}}


def failures(path, profile: str, rules: int) -> list[str]:
    report = page.validate_pdf(path, profile=profile)
    found = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    if not found and not (report.is_compliant and report.rules.total == rules
                          and report.rules.passed == rules):
        found = [f"{report.rules.passed} of {report.rules.total} rules pass, not {rules}"]
    return found


@pytest.mark.slow
def test_every_edition_passes_pdf_ua_1_and_pdf_a_2(every_language):
    checked = 0
    for key, files in every_language.items():
        assert set(files) == set(PROFILES)
        for fmt, path in files.items():
            for profile, rules in PROFILES[fmt].items():
                assert not failures(path, profile, rules), \
                    (key, fmt, profile, failures(path, profile, rules)[:10])
                checked += 1
    assert checked == 7 * len(every_language)
    assert {language for _, _, language in every_language} >= {"en", "es"}


@pytest.mark.slow
def test_print_shop_and_duplex_variants_pass_too(every_language, print_shop, marked):
    """Every shipped clinic, guide and translation with bleed (larger pages, trim and bleed
    boxes, sheets with crop marks), and the office's sheets with marks, flipped on the long
    edge: the same profiles."""
    assert set(print_shop) == set(marked) == set(every_language)
    checked = 0
    for key, files in print_shop.items():
        assert set(files) == {"handout", "booklet", "booklet-print"}
        for fmt, path in [*files.items(), ("booklet-print", marked[key])]:
            for profile, rules in PROFILES[fmt].items():
                assert not failures(path, profile, rules), (key, path.name, profile)
                checked += 1
    assert checked == 6 * len(print_shop)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_marked_sheets_are_those_the_command_writes(project, marked, tmp_path, language):
    """``marked`` imposes the shipped booklet instead of building it again: the same bytes."""
    (made,) = [o for o in build_clinic(project, "harbor-light", ["first-visit"], tmp_path,
                                       formats=["booklet"], flip="long", marks=True,
                                       languages=(language,))
               if o.format == "booklet-print"]
    assert made.path.read_bytes() == marked[("harbor-light", "first-visit", language)].read_bytes()


def _pictures() -> dict[str, bytes]:
    from PIL import Image

    from tests.pictures.make import encode, srgb_profile

    rgba = Image.new("RGBA", (80, 40), (0, 90, 160, 128))
    palette = Image.new("RGB", (80, 40), (200, 30, 30)).convert("P")
    palette.info["transparency"] = 0
    return {
        "grey.png": encode(Image.new("L", (80, 40), 90)),
        "grey.jpg": encode(Image.new("L", (80, 40), 90), "JPEG"),
        "alpha.png": encode(rgba),
        "palette.png": encode(palette),
        "cmyk.jpg": encode(Image.new("CMYK", (80, 40), (0, 80, 80, 10)), "JPEG"),
        "srgb.jpg": encode(Image.new("RGB", (80, 40), (0, 90, 160)), "JPEG",
                           icc_profile=srgb_profile()),
    }


@pytest.mark.parametrize("name", sorted(_pictures()))
def test_every_kind_of_picture_keeps_a_pdf_a_2a(tmp_path, name):
    """Grey, transparent, palette, CMYK and profiled pictures, as a guide's figure and as the
    clinic's logo: PDF/A-2a (colour spaces under the sRGB output intent, transparency groups)."""
    from tests.pictures.make import build, project_with

    for as_figure in (True, False):
        pdf = build(project_with(tmp_path / str(as_figure), name, _pictures()[name], as_figure),
                    tmp_path / f"out-{as_figure}")
        for profile, rules in PROFILES["handout"].items():
            assert not failures(pdf, profile, rules), (name, as_figure, profile)
