"""Every shipped clinic, in every format, checked against PDF/UA-1 by an independent validator.

``page-validation`` implements the 104 machine-checkable rules of PDF/UA-1 (ISO 14289-1 and the
Matterhorn Protocol) and agrees with veraPDF on veraPDF's own test corpus.
"""

from __future__ import annotations

import pytest

from handout.build import build_clinic
from handout.layout.formats import FORMATS

page = pytest.importorskip("page", reason="needs the page-validation package (pip install -e '.[test]')")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_clinic_passes_pdf_ua_1(project, tmp_path, fmt):
    for clinic in project.clinic_names():
        outputs = build_clinic(project, clinic, project.guide_ids(), tmp_path, formats=[fmt])
        assert any(output.format == fmt for output in outputs)
        for output in outputs:
            if output.format != fmt:  # sheets imposed for the printer are not read on screen
                continue
            report = page.validate_pdf(output.path, profile="ua1")
            failures = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
            assert report.is_compliant and not failures, (clinic, fmt, failures[:10])
            assert report.rules.total == 104 and report.rules.passed == 104, (clinic, fmt)
