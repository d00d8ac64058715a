"""Every text/background pair we print meets WCAG AA, whatever brand colour a clinic picks."""

import pytest

from handout.colours import AA, Palette, contrast


@pytest.mark.parametrize("brand", ["#1D5B79", "#F2A900", "#FFFF00", "#00FF00", "#777777",
                                   "#FFFFFF", "#000000", "#5B2A5E", "#E3A72F"])
def test_palette_pairs_meet_aa(brand):
    for name, (fg, bg) in Palette.from_brand(brand).pairs().items():
        assert contrast(fg, bg) >= AA, name


def test_contrast_matches_wcag_reference_values():
    assert round(contrast("#000000", "#FFFFFF"), 1) == 21.0
    assert round(contrast("#767676", "#FFFFFF"), 2) == 4.54


def test_shipped_clinics_pass(project):
    for name in project.clinic_names():
        brand = project.clinic(name).value.brand
        for fg, bg in Palette.from_brand(brand.primary, brand.accent).pairs().values():
            assert contrast(fg, bg) >= AA
