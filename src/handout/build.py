"""The pipeline, wired: load → model → resolve → layout → render → (impose) → write.

A ``Workshop`` is one build session and the only path to a PDF: single builds, batches (each
worker process has one), ``handout serve``, ``handout check`` and the commands to come all go
through it. It owns what builds share and what must not leak between them: the project, the
fonts (known by their files' digests), the guides and translations it has parsed (by the digests
of their files), the catalogs of words, and the creation date written into the PDFs.

``document`` checks and resolves one clinic's edition of one guide in one language (the clinic's
text in that language in place of its English, ``handout.languages``); ``editions`` makes the bytes
of its files in one format; ``build`` makes every file of one clinic's editions, then writes them
all. Takes a project folder and ``plan.Settings``; gives ``Document``s, files and ``Outcome``s.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handout import fonts, interrupts
from handout.cache import Entry, Record
from handout.catalog import Words
from handout.colours import Palette
from handout.digest import Digests, Known, of_bytes
from handout.errors import ContentError, HandoutError
from handout.fonts import Family
from handout.impose import Flip
from handout.languages import clinic_text, translation
from handout.languages.hyphenation import hyphenator
from handout.layout.formats import FORMATS, PAPER, Format
from handout.layout.styles import StyleSheet
from handout.outputs import ENGLISH, FILES
from handout.plan import Edition, Made, Outcome, Request, Settings, plan
from handout.printable import footer_problems, glyph_problems
from handout.project import Project
from handout.render import render
from handout.resolve import Document, resolve, unknown_guides
from handout.write import write_atomic

if TYPE_CHECKING:
    from handout.model import Guide, Parsed


@dataclass(frozen=True)
class File:
    """One file of an edition, made but not yet written."""

    name: str  # file name in the clinic's output folder
    edition: str  # the format's name, or ``<format>-print`` for its print edition
    data: bytes


class Workshop:
    """One build session over one project: see the module's docstring.

    Every clinic shares the guide, so reading and validating it once per session instead of once
    per clinic is the largest saving after rendering itself. Each input is hashed before it is
    read, so a file edited during a build can only make the record too old (a rebuild next
    time), never make a stale PDF look current.
    """

    def __init__(self, root: Path, settings: Settings | None = None):
        self.project = Project.at(root)
        self.settings = settings or Settings()
        #: (guide id, language) → (digest of its file, the English guide it was checked
        #: against, the guide parsed): only the latest content is kept, so a session that lives
        #: through many edits (``handout watch``) stays small
        self._guides: dict[tuple[str, str], tuple[str | None, Parsed[Guide] | None,
                                                  Parsed[Guide]]] = {}
        self._words: dict[str, Words] = {}
        self._family: Family | None = None
        #: file digests kept between builds for files that have not changed since (``Known``)
        self._known = Known()

    # -- what builds share ----------------------------------------------------------------------

    def fonts(self) -> Family:
        """The project's type family, as its files were when this session last read them."""
        if self._family is None:
            self._family = fonts.load(self.project.root / "fonts", Digests(self._known))
        return self._family

    def read_fonts(self, digests: Digests) -> Family:
        """Read the fonts again (each build does): files changed since are new fonts."""
        self._family = fonts.load(self.project.root / "fonts", digests)
        return self._family

    def font_digests(self, digests: Digests) -> dict[str, str | None]:
        return digests.files(fonts.files(self.project.root / "fonts"))

    def words(self, language: str) -> Words:
        """The catalog of the words the layout adds itself, in ``language``."""
        if language not in self._words:
            self._words[language] = Words(language)
        return self._words[language]

    def created(self, guide: Guide) -> dt.datetime:
        """The creation date of a guide's PDFs: the session's, or else the guide's review date."""
        seconds = self.settings.created
        if seconds is None:
            seconds = calendar.timegm(guide.reviewed.timetuple())
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)

    def guide(self, guide: str, digest: str | None = None, language: str = ENGLISH
              ) -> Parsed[Guide]:
        """The guide in ``language`` (English, or a translation checked against the English
        guide), parsed and validated once per session and content of its files. ``digest`` is
        the digest of the file of that language."""
        if digest is None:
            digest = Digests(self._known).file(self.project.guide_file(guide, language))
        # the English guide first: its own mistakes are reported as its own, and a translation
        # is checked again whenever the English guide changes
        english = None if language == ENGLISH else self.guide(guide)
        known = self._guides.get((guide, language))
        if known is None or known[0] != digest or known[1] is not english:
            if english is None:
                parsed = self.project.guide(guide)
            else:
                parsed = self.project.guide(guide, language)
                problems = translation.problems(english, parsed, language)
                if problems:
                    raise ContentError(problems)
            known = self._guides[guide, language] = (digest, english, parsed)
        return known[2]

    def warm(self, guides: list[str]) -> None:
        """Import everything an edition needs, read the fonts and parse ``guides`` now: before
        forking workers (forked memory is shared) or waiting for requests."""
        import handout.tagging.document  # noqa: F401

        self.fonts()
        for gid in guides:
            try:
                self.guide(gid)
            except HandoutError:
                pass  # each clinic's build reports it

    # -- the pipeline ---------------------------------------------------------------------------

    def document(self, clinic: str, guide: str, parsed_guide: Parsed[Guide] | None = None,
                 language: str = ENGLISH) -> Document:
        """Load, validate and resolve one clinic's edition of one guide in ``language`` (no
        layout yet), and make sure our fonts and pages can print its text."""
        parsed_guide = parsed_guide or self.guide(guide, language=language)
        parsed_clinic = self.project.clinic(clinic)
        family = self.fonts()
        words = self.words(language)
        problems = (glyph_problems(parsed_guide.source, family)
                    + glyph_problems(parsed_clinic.source, family)
                    + unknown_guides(parsed_clinic, self.project.guide_ids()))
        parsed_clinic, missing = clinic_text.localized(parsed_clinic, language, guide)
        problems += missing + footer_problems(parsed_clinic.source, parsed_clinic.value, family,
                                              words)
        try:
            doc = resolve(parsed_guide, parsed_clinic, clinic, self.project.root, words)
        except ContentError as exc:  # report these with the resolve problems, all at once
            problems = sorted(exc.problems + problems, key=lambda p: (
                str(p.location.file), p.location.line or 0, p.location.column or 0))
            raise ContentError(problems) from None
        if problems:
            raise ContentError(problems)
        return doc

    def render(self, doc: Document, fmt: Format) -> bytes:
        """The PDF of one edition of ``doc`` in ``fmt``."""
        brand = doc.clinic.brand
        palette = fmt.palette(Palette.from_brand(brand.primary, brand.accent))
        styles = StyleSheet(fmt.metrics, palette, fmt.family(self.fonts()),
                            hyphenator(doc.edition_language))
        return render(doc, styles, fmt, self.created(doc.guide))

    def editions(self, doc: Document, fmt: Format) -> list[File]:
        """The files of one format of a resolved document: the PDF, then its print edition if
        the format has one (the booklet's pages imposed on sheets, with the session's duplex
        edge and marks). With the session's ``bleed``, the formats a print shop prints are laid
        out with bleed (``Format.for_print_shop``)."""
        guide, names = doc.guide.id, FILES[fmt.name]
        fmt = fmt.for_print_shop() if self.settings.bleed else fmt
        data = self.render(doc, fmt)
        files = [File(names.pdf(guide, doc.edition_language), fmt.name, data)]
        sheets = names.print_pdf(guide, doc.edition_language)
        if sheets:
            from handout.impose import impose

            files.append(File(sheets, f"{fmt.name}-print", impose(
                data, PAPER[doc.clinic.paper], self.settings.flip, self.settings.marks)))
        return files

    def build(self, clinic: str, editions: tuple[Edition, ...]) -> Outcome:
        """Make every file of one clinic's editions, then write them all; raises on the first
        error, before anything is written."""
        start = time.perf_counter()
        project, digests = self.project, Digests(self._known)
        self.read_fonts(digests)
        font_inputs = self.font_digests(digests)
        clinic_file = project.clinic_file(clinic)
        digests.file(clinic_file)
        made: list[tuple[Edition, Path, bytes, dict[str, str | None]]] = []
        docs: dict[tuple[str, str], Document] = {}
        for e in editions:
            guide_files = [project.guide_file(e.guide)]
            if e.language != ENGLISH:  # a translation is checked against the English guide
                guide_files.append(project.guide_file(e.guide, e.language))
            if (e.guide, e.language) not in docs:
                parsed = self.guide(e.guide, digests.file(guide_files[-1]), e.language)
                docs[e.guide, e.language] = self.document(clinic, e.guide, parsed, e.language)
            doc = docs[e.guide, e.language]
            pictures = [p.path for p in (doc.logo, *doc.assets.values()) if p is not None]
            inputs = {**digests.files([*guide_files, clinic_file, *pictures]), **font_inputs}
            files = self.editions(doc, FORMATS[e.format])
            made += [(e, path, file.data, inputs) for path, file in zip(e.paths, files, strict=True)]
        written = []
        for e, path, data, inputs in made:
            write_atomic(path, data)
            written.append(Made(e, path, len(data), Entry(e.key, inputs, of_bytes(data))))
        return Outcome(clinic, tuple(written), seconds=time.perf_counter() - start)

    def try_build(self, clinic: str, editions: tuple[Edition, ...]) -> Outcome:
        """``build``, with a failure turned into an outcome so that a batch carries on."""
        start = time.perf_counter()
        try:
            return self.build(clinic, editions)
        except HandoutError as exc:
            message = str(exc)
        except Exception as exc:  # a bug of ours: report it with the clinic, keep going
            if interrupts.received():  # Ctrl-C, mangled by a library's bare except: stop
                raise KeyboardInterrupt from exc
            message = f"internal error ({type(exc).__name__}: {exc}); run with --debug"
        return Outcome(clinic, error=message, seconds=time.perf_counter() - start)


def build_clinic(project: Project, clinic: str, guides: list[str], out_dir: Path,
                 formats: list[str] | None = None, flip: Flip = "short", marks: bool = False,
                 bleed: bool = False, languages: tuple[str, ...] | None = (ENGLISH,)
                 ) -> list[Made]:
    """Build (again) every guide × format × language of one clinic through a workshop of its
    own, whatever is up to date, and keep no build record: for scripts and tests. All files are
    made before any is written. ``languages=None``: every language each guide is in."""
    settings = Settings(flip, marks, bleed)
    request = Request(project.root, (clinic,), out_dir, tuple(guides),
                      tuple(formats or FILES), settings, force=True, languages=languages)
    editions = plan(request, Record(out_dir, {})).stale
    return list(Workshop(project.root, settings).build(clinic, editions).made)


def document(project: Project, clinic: str, guide: str, language: str = ENGLISH) -> Document:
    """One clinic's edition of one guide, resolved by a workshop of its own: for scripts and
    tests."""
    return Workshop(project.root).document(clinic, guide, language=language)
