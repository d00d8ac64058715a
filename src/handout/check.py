"""``handout check``: validate clinics × guides without building; find what a reviewer should see.

Takes a project, clinic names, guide ids, languages and today's date; gives a ``Report``: every
error a build would stop on (load, model, resolve, fonts, pictures; a translation that does not
match its guide; a clinic without its text in a language asked for), the warnings of
``handout.findings`` (its docstring is the policy) and the reading grade of every section, in
English and in each translation. Nothing is laid out and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from math import floor
from pathlib import Path

from handout import inline
from handout.colours import AA, WHITE, Palette, contrast, grey_contrast
from handout.errors import ContentError, HandoutError, Location
from handout.findings import Finding
from handout.languages import spanish, taglines
from handout.load import KeyPath, Loaded, format_path
from handout.model import Clinic, Guide, Parsed, parts
from handout.model.guide import Block
from handout.outputs import ENGLISH
from handout.pictures import MIN_PPI, Picture, embed
from handout.project import Project
from handout.readability import MAX_GRADE, Reading, graded, reading
from handout.resolve import Document, picture_files

#: Links a reviewer need not look at; ``http://`` and anything else gets a warning.
SAFE_LINKS = ("https://", "mailto:", "tel:")

#: Alt texts that name the kind of thing instead of describing the picture.
EMPTY_ALT = {"logo", "image", "picture", "photo", "photograph", "img", "graphic", "icon",
             "figure", "diagram", "chart", "alt", "alt text", "todo", "tbd"}


@dataclass(frozen=True)
class Grade:
    """The reading grade of one section of a guide (or of one block a clinic adds)."""

    file: str
    location: Location
    path: str
    name: str  # the section's heading, or its block id
    reading: Reading


@dataclass(frozen=True)
class Report:
    clinics: tuple[str, ...]
    guides: tuple[str, ...]
    errors: tuple[str, ...]  # one located problem each, in the order found, without repeats
    findings: tuple[Finding, ...]
    grades: tuple[Grade, ...]
    #: (language asked for, the guides not translated into it): built in English only
    untranslated: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level == "warning")


def check(project: Project, clinics: list[str], guides: list[str], today: dt.date,
          languages: tuple[str, ...] | None = (ENGLISH,)) -> Report:
    """Check every guide, and each clinic with each guide, in English and the other
    ``languages`` (None: every language the guide is in): the translations into them, and the
    clinic's text in them."""
    from handout.build import Workshop  # the same validation a build runs, minus layout

    workshop = Workshop(project.root)

    errors: list[str] = []
    findings: list[Finding] = []
    grades: list[Grade] = []
    parsed_guides: dict[tuple[str, str], Parsed[Guide]] = {}
    parsed_clinics: dict[str, Parsed[Clinic]] = {}
    for gid in guides:
        for lang in project.languages(gid):
            if lang != ENGLISH and languages is not None and lang not in languages:
                continue  # a translation may lag behind its guide until it is asked for
            try:
                parsed_guides[gid, lang] = parsed = workshop.guide(gid, language=lang)
            except HandoutError as exc:
                errors += _lines(exc)
                continue
            findings += guide_findings(parsed, today)
            if lang != ENGLISH:
                findings += translation_findings(parsed, parsed_guides.get((gid, ENGLISH)))
            grades += guide_grades(parsed)
    for name in clinics:
        try:
            parsed_clinics[name] = project.clinic(name)
        except HandoutError as exc:
            errors += _lines(exc)
            continue
        findings += clinic_findings(parsed_clinics[name])
        grades += override_grades(parsed_clinics[name])
        try:  # the intake email's sender and guides, as `handout email` checks them
            from handout.mail.compose import check_section

            check_section(parsed_clinics[name], project.guide_ids())
        except HandoutError as exc:
            errors += _lines(exc)
    for name, clinic in parsed_clinics.items():
        for (gid, lang), parsed in parsed_guides.items():
            if languages is not None and lang not in languages:
                continue
            try:
                doc = workshop.document(name, gid, parsed, lang)
            except HandoutError as exc:
                errors += _lines(exc)
                continue
            findings += resolution_findings(parsed, clinic, doc, project.root)
    untranslated = []
    for lang in languages or ():
        missing = tuple(gid for gid in guides if lang not in project.languages(gid))
        if missing and len(missing) == len(guides):  # as `handout build --lang` says it
            errors.append(f"--lang {lang}: no guide is in {lang} (a translation is "
                          f"content/guides/<guide>.{lang}.yaml)")
        elif missing:
            untranslated.append((lang, missing))
    findings += grade_findings(grades)
    return Report(tuple(clinics), tuple(guides), tuple(dict.fromkeys(errors)),
                  tuple(dict.fromkeys(findings)), tuple(grades), tuple(untranslated))


# -- warnings ---------------------------------------------------------------------------------

def guide_findings(guide: Parsed[Guide], today: dt.date) -> list[Finding]:
    g, src = guide.value, guide.source
    out = []
    if g.next_review is not None and g.next_review < today:
        days = (today - g.next_review).days
        out.append(_warn("review-date", src, ("next_review",),
                         f"this guide was due for review on {g.next_review.isoformat()} "
                         f"({days} day{'s' if days != 1 else ''} ago); review the text, then "
                         f"update 'reviewed' and 'next_review'"))
    for path, block in parts.walk(g.blocks):
        out += _picture_findings(src, path, block)
    return out + link_findings(src)


def translation_findings(translation: Parsed[Guide], english: Parsed[Guide] | None
                         ) -> list[Finding]:
    """A translation that no qualified translator has reviewed, or that translates an older
    version of the guide."""
    t, src = translation.value, translation.source
    out = []
    if t.translation is not None and not t.translation.reviewed_by:
        out.append(_warn("translation", src, ("translation",),
                         f"no qualified reviewer is named for this translation (translated by "
                         f"{t.translation.translator}): Section 1557 (45 CFR 92.201) asks that a "
                         f"qualified human translator review a machine translation; have one "
                         f"review it, then add 'reviewed_by:'"))
    if english is not None and english.value.version != t.version:
        out.append(_warn("translation", src, ("version",),
                         f"this translation is of version {t.version}, the guide is now version "
                         f"{english.value.version} ({english.source.file}): update the "
                         f"translation, then its 'version'"))
    return out


def clinic_findings(clinic: Parsed[Clinic]) -> list[Finding]:
    c, src = clinic.value, clinic.source
    out = contrast_findings(src, c.brand.primary)
    if c.brand.logo is not None:
        out += _alt_findings(src, ("brand", "logo"), c.brand.logo.alt, c.brand.logo.file, False)
    for where, block in c.new_blocks():
        for path, child in parts.tree(block, where):
            out += _picture_findings(src, path, child)
    return out + link_findings(src) + assistance_findings(clinic)


def assistance_findings(clinic: Parsed[Clinic]) -> list[Finding]:
    """A state's top languages that no shipped tagline serves: the notice leaves them out."""
    la = clinic.value.language_assistance
    if la is None or la.state is None or not taglines.unserved(la.state):
        return []
    missing = taglines.unserved(la.state)
    return [_warn("taglines", clinic.source, ("language_assistance", "state"),
                  f"{len(missing)} of the {taglines.TOP} languages most spoken in "
                  f"{taglines.states()[la.state].name} by people with limited English have no "
                  f"shipped tagline, so the notice leaves them out: {', '.join(missing)}; a "
                  f"qualified translation of the notice in each would complete it "
                  f"(handout/languages/data/taglines.yaml)")]


def resolution_findings(guide: Parsed[Guide], clinic: Parsed[Clinic], doc: Document,
                        root: Path) -> list[Finding]:
    """Raster pictures with too few pixels for the largest size they print at in any edition."""
    from handout.layout.flowables import COVER_LOGO, FIGURE_HEIGHT, MASTHEAD_LOGO
    from handout.layout.formats import FORMATS

    out = []
    if doc.logo is not None and doc.logo.is_raster:
        out += _resolution(clinic.source, ("brand", "logo", "file"), doc.logo,
                           [MASTHEAD_LOGO, COVER_LOGO])
    boxes = [(fmt.measure, FIGURE_HEIGHT) for fmt in FORMATS.values()]
    for src, _, block, where, file in picture_files(guide, clinic):
        picture = doc.assets.get(block.id)  # a clinic's block may stand in for the guide's
        if picture is not None and picture.is_raster and picture.path == (root / file).resolve():
            out += _resolution(src, where, picture, boxes)
    return out


def _resolution(src: Loaded, path: KeyPath, picture: Picture,
                boxes: Sequence[tuple[float, float]]) -> list[Finding]:
    width = max(embed.fit(picture, *box)[0] for box in boxes)
    ppi = embed.ppi(picture, width)
    if ppi >= MIN_PPI:
        return []
    pixels, high = picture.size
    return [_warn("resolution", src, path,
                  f"the picture is {pixels:.0f} × {high:.0f} pixels and prints up to "
                  f"{width / 72:.1f} in wide: {ppi:.0f} pixels an inch, below the {MIN_PPI} a "
                  f"sharp print needs; use one at least {MIN_PPI * width / 72:.0f} pixels wide "
                  f"({embed.MAX_PPI * width / 72:.0f} for the {embed.MAX_PPI} a printer prints)")]


def contrast_findings(src: Loaded, primary: str) -> list[Finding]:
    """The palette keeps every printed pair at WCAG AA; say when that meant changing the brand."""
    palette = Palette.from_brand(primary)
    out = []
    if palette.brand_text != primary:
        worst = min(contrast(primary, WHITE), contrast(primary, palette.tint))
        where = ""
        if worst >= AA:  # readable in colour, not once a black-and-white printer has it
            worst = min(grey_contrast(primary, WHITE), grey_contrast(primary, palette.tint))
            where = " when printed in grey"
        out.append(_warn("contrast", src, ("brand", "primary"),
                         f"text in {primary} on white or on the pale panels has contrast "
                         f"{_below(worst):.1f}:1{where}, below WCAG AA ({AA}:1); "
                         f"headings, links and "
                         f"labels print in the darker {palette.brand_text} instead"))
    if palette.fill != primary:
        out.append(_warn("contrast", src, ("brand", "primary"),
                         f"neither white nor black text reaches {AA}:1 on {primary} both in colour "
                         f"and printed in grey; the numbered badges print on the darker "
                         f"{palette.fill} instead"))
    return out


def _below(ratio: float) -> float:
    """A contrast below AA as shown to one decimal: rounded, but never up to AA itself."""
    return round(ratio, 1) if round(ratio, 1) < AA else floor(ratio * 10) / 10


def link_findings(src: Loaded) -> list[Finding]:
    """Every address in the file that is not https, mailto or tel (web fields and [x](…) links)."""
    out = []
    for path, text in src.strings():
        targets = []
        if text.lower().startswith("http://"):
            targets.append(text)
        elif "](" in text:
            try:
                targets += [s.href for s in inline.parse(text) if s.href]
            except inline.InlineError:
                continue  # a markup mistake, reported as an error by the model
        for url in targets:
            if not url.lower().startswith(SAFE_LINKS):
                out.append(_warn("link", src, path,
                                 f"the link {url} is not https, mailto or tel: browsers mark "
                                 f"plain http pages as not secure; use the https:// address"))
    return out


def _picture_findings(src: Loaded, path: KeyPath, block: Block) -> list[Finding]:
    """Alt-text warnings for each picture ``block`` names (a figure has one)."""
    return [finding for _, file in parts.files(block, path)
            for finding in _alt_findings(src, path, getattr(block, "alt", None), file,
                                         getattr(block, "decorative", False))]


def _alt_findings(src: Loaded, path: KeyPath, alt: str | None, file: str,
                  decorative: bool) -> list[Finding]:
    if not alt:
        if decorative:
            return [_warn("alt-text", src, path + ("decorative",),
                          f"the picture {file} has no alt text (it is marked decorative): screen "
                          f"readers skip it, so make sure it carries no information")]
        return []  # no alt and not decorative is an error, reported by resolve
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    plain = alt.strip().lower().rstrip(".")
    if plain in EMPTY_ALT or plain == stem or plain == file.lower() or len(plain) < 5:
        return [_warn("alt-text", src, path + ("alt",),
                      f"the alt text {alt!r} does not say what the picture shows; describe it "
                      f"as you would to someone on the phone")]
    return []


# -- reading grades -------------------------------------------------------------------------

def guide_grades(guide: Parsed[Guide]) -> list[Grade]:
    """One grade per section: each top-level block with a heading, with the headless blocks that
    follow it; the blocks before the first heading are the guide's opening."""
    g, src = guide.value, guide.source
    if not graded(g.language):
        return []
    units: list[tuple[KeyPath, str, list[str]]] = []
    for i, block in enumerate(g.blocks):
        if block.generated:
            continue
        heading = parts.heading(block)
        if heading is None and units:
            units[-1][2].extend(parts.words(block))
        else:
            units.append((("blocks", i), heading or "opening", parts.words(block)))
    return _grades(src, units, g.language)


def override_grades(clinic: Parsed[Clinic]) -> list[Grade]:
    """Blocks a clinic adds to a guide are graded on their own, in each language given."""
    c = clinic.value
    out: list[Grade] = []
    if graded(c.language):
        units = [(where, parts.heading(block) or block.id, parts.words(block))
                 for where, block in c.new_blocks()]
        out += _grades(clinic.source, units, c.language)
    from handout.model.clinic import TRANSLATED

    for lang in TRANSLATED:
        text = c.text_in(lang)
        if text is None or not graded(lang):
            continue
        units = [((lang, "guides", gid, "blocks", i), parts.heading(block) or block.id,
                  parts.words(block))
                 for gid, mine in text.guides.items() for i, block in enumerate(mine.blocks)]
        out += _grades(clinic.source, units, lang)
    return out


def grade_findings(grades: list[Grade] | tuple[Grade, ...]) -> list[Finding]:
    out = []
    for g in grades:
        r = g.reading
        if not r.hard:
            continue
        if r.spanish:
            message = (f"'{g.name}' has INFLESZ reading ease {r.score:.1f}, below the "
                       f"{spanish.MIN_INFLESZ:g} (\"normal\") recommended for patient material "
                       f"in Spanish; use shorter sentences and shorter, everyday words")
        else:
            message = (f"'{g.name}' reads at grade {r.grade:.1f} (Flesch–Kincaid), above "
                       f"the grade {MAX_GRADE:g} recommended for patient material; use shorter "
                       f"sentences and everyday words")
        out.append(Finding("warning", "reading-grade", g.location, g.path, message))
    return out


def _grades(src: Loaded, units: list[tuple[KeyPath, str, list[str]]], language: str
            ) -> list[Grade]:
    out = []
    for path, name, texts in units:
        counts = reading(texts, language)
        if counts.words:
            out.append(Grade(str(src.file), src.where(path), format_path(path), name, counts))
    return out


# -- helpers ----------------------------------------------------------------------------------

def _warn(rule: str, src: Loaded, path: KeyPath, message: str) -> Finding:
    return Finding("warning", rule, src.where(path), format_path(path), message)


def _lines(exc: HandoutError) -> list[str]:
    if isinstance(exc, ContentError):
        return [str(p) for p in exc.problems]
    return [str(exc)]
