"""Property: any text in any free-text clinic field either prints literally or is a clean error.

Hypothesis throws arbitrary unicode mixed with markup (ours, ReportLab's, the CVE-2023-33733
payload) at one clinic field at a time. The build must either give a PDF whose text contains the
field's text — exactly as written for plain fields, as our inline markup reads it for text fields
— or stop with a ``ContentError`` (or a ``LayoutError``). Anything else is a bug.

Text is compared without whitespace and without invisible format characters: lines break
anywhere, a zero-width space has no ink to read back, and a soft hyphen prints as "-" only
where a line breaks on it. The default run tries a few dozen
examples; ``HYPOTHESIS_PROFILE=thorough`` tries 500.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from handout import inline
from handout.build import build_clinic, document
from handout.errors import ContentError, LayoutError
from tests.conftest import pdf_text, tiny_project

settings.register_profile("default", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "default"))

# field path → True when the field takes our inline markup (Text), False for plain text
FIELDS: dict[tuple[Any, ...], bool] = {
    ("name",): False,
    ("short_name",): False,
    ("contact", "hours", 0): False,
    ("contact", "locations", 0, "name"): False,
    ("contact", "locations", 0, "address", 0): False,
    ("pricing", "summary"): True,
    ("pricing", "items", 0, "label"): False,
    ("pricing", "items", 0, "price"): False,
    ("pricing", "items", 0, "note"): False,
    ("pricing", "insurance"): True,
    ("pricing", "payment_plans"): True,
    ("pricing", "sliding_scale"): True,
    ("disclaimer",): True,
    ("guides", "tiny", "disclaimer"): True,
    ("guides", "tiny", "overrides", 0, "block", "title"): False,
    ("guides", "tiny", "overrides", 0, "block", "text"): True,
}

MARKUP = ["<", ">", "&", "&amp;", "&#60;", "<b>", "</b>", "<br/>", "<para>", '<font color="red">',
          "</font>", "<a href='file:///etc/passwd'>", "<img src='x'/>", "**", "*", "\\", "\\*",
          "{", "}", "{{", "}}", "{clinic.name}", "{clinic.phone}", "[", "]", "(", ")",
          "[label](https://clinic.example/x)", "[@s1]", "[@nope]", "\n", "  ", "\t", "\u00a0",
          "[ [ getattr(pow, Word('__globals__'))['os'].system('touch /tmp/pwned') ] ]",
          "%(name)s", "${x}", "\"", "'", ":", "#", "- ", "&nbsp;", "\u200b", "\u00ad"]

# Mostly characters our fonts have (so that most examples reach the PDF), some of anything.
printable = st.characters(min_codepoint=0x20, max_codepoint=0x24F, exclude_categories=["Cc"]) \
    | st.sampled_from("ΑΩαωЖжёЯ–—‘’“”…€•·°±×÷½")
anything = st.characters(codec="utf-8", exclude_categories=["Cs"])
texts = st.lists(st.one_of(st.text(printable, max_size=12), st.text(printable, max_size=12),
                           st.text(printable, max_size=12), st.sampled_from(MARKUP),
                           st.sampled_from(MARKUP), st.text(anything, max_size=3)),
                 min_size=1, max_size=8).map("".join)


def base_clinic() -> dict[str, Any]:
    return {
        "name": "Test Clinic", "short_name": "Test",
        "brand": {"primary": "#1D5B79"},
        "contact": {"phone": "(303) 555-0100", "website": "https://clinic.example",
                    "hours": ["Mon–Fri 9–5"],
                    "locations": [{"name": "Main office", "address": ["1 Main Street"]}]},
        "pricing": {"summary": "Prices.", "items": [{"label": "Visit", "price": "$100",
                                                     "note": "Per visit"}],
                    "insurance": "Insurance.", "payment_plans": "Plans.",
                    "sliding_scale": "Scale."},
        "disclaimer": "Not medical advice.",
        "guides": {"tiny": {
            "overrides": [{"op": "append", "block": {"id": "extra", "kind": "callout",
                                                     "title": "Extra", "text": "More."}}],
            "disclaimer": "For this guide only."}},
    }


def put(data: Any, path: tuple[Any, ...], value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key] if isinstance(data, (dict, tuple, list)) else getattr(data, key)
    return data


SOFT_HYPHEN = "\u00ad"


def nows(text: str, keep: str = "") -> str:
    """Text without whitespace and invisible format characters (zero-width space, direction
    marks): line breaks may fall anywhere, and those characters have no ink."""
    return "".join(c for c in re.sub(r"\s+", "", text)
                   if unicodedata.category(c) != "Cf" or c in keep)


def printed(expected: str, pdf: str) -> bool:
    """``expected`` is in the PDF's text; a soft hyphen shows as "-" where a line broke on it."""
    pattern = "".join("-?" if c == SOFT_HYPHEN else re.escape(c)
                      for c in nows(expected, keep=SOFT_HYPHEN))
    return re.search(pattern, nows(pdf)) is not None


def outcome(field: tuple[Any, ...], text: str) -> str:
    """Build the tiny guide with ``text`` in one clinic field: "printed" (and checked to be in
    the PDF), "content error: …" (and nothing written) or "layout error"."""
    clinic = base_clinic()
    put(clinic, field, text)
    with tempfile.TemporaryDirectory() as tmp:
        project = tiny_project(Path(tmp), yaml.safe_dump(clinic, allow_unicode=True))
        try:
            doc = document(project, "c", "tiny")
            [output] = build_clinic(project, "c", ["tiny"], Path(tmp) / "out",
                                    formats=["handout"])
        except ContentError as exc:
            assert not (Path(tmp) / "out").exists()
            return f"content error: {exc.problems[0].expected[:40]}"
        except LayoutError:
            return "layout error"
        value = get(doc.clinic, field)
        if FIELDS[field]:
            spans = inline.fill(inline.parse(value), doc.clinic.fields())
            value = "".join(f"[{doc.number(s.cite)}]" if s.cite else s.text for s in spans)
        assert printed(value, pdf_text(output.path))
        return "printed"


@given(field=st.sampled_from(sorted(FIELDS, key=str)), text=texts)
def test_free_text_prints_literally_or_is_a_clean_error(field, text):
    event(outcome(field, text))


def test_the_property_reaches_the_pdf():
    """Hostile text does get as far as the PDF, where the property checks it; a character our
    fonts lack is a content error."""
    assert outcome(("name",), "Clinic <b>&amp;</b> [x](y) {clinic.name}") == "printed"
    assert outcome(("disclaimer",), "**Bold**, *italic* & <i>not markup</i> [@s1]") == "printed"
    assert outcome(("guides", "tiny", "overrides", 0, "block", "text"), "An *added* note & <b>") \
        == "printed"
    assert outcome(("contact", "hours", 0), "Open \u2603").startswith("content error: ")
