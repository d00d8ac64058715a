"""Every shipped clinic and guide, in every edition, checked by an independent validator: the
reading editions against PDF/UA-1 and PDF/A-2a, the booklet's print sheets against PDF/A-2b.

``page-validation`` implements the 104 machine-checkable rules of PDF/UA-1 (ISO 14289-1 and the
Matterhorn Protocol), agreeing with veraPDF on veraPDF's own test corpus, and the rules of PDF/A
(ISO 19005) by part and level.
"""

from __future__ import annotations

import pytest

from handout.build import build_clinic
from tests.conftest import GUIDE

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
def test_every_edition_passes_pdf_ua_1_and_pdf_a_2(shipped):
    checked = 0
    for (clinic, guide), files in shipped.items():
        assert set(files) == set(PROFILES)
        for fmt, path in files.items():
            for profile, rules in PROFILES[fmt].items():
                assert not failures(path, profile, rules), \
                    (clinic, guide, fmt, profile, failures(path, profile, rules)[:10])
                checked += 1
    assert checked >= 21


@pytest.mark.slow
def test_print_shop_and_duplex_variants_pass_too(project, tmp_path):
    """With bleed (larger pages, trim and bleed boxes), and sheets flipped on the long edge with
    marks: the same profiles."""
    for clinic in ("boulder", "willamette"):  # an SVG logo; a PNG logo with transparency
        made = build_clinic(project, clinic, [GUIDE], tmp_path / "shop", bleed=True)
        made += build_clinic(project, clinic, [GUIDE], tmp_path / "long", formats=["booklet"],
                             flip="long", marks=True)
        for output in made:
            for profile, rules in PROFILES[output.format].items():
                assert not failures(output.path, profile, rules), (clinic, output.path, profile)
