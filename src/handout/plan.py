"""What to build, and which of it is out of date: requests, settings, editions and plans.

A ``Request`` is what a command asks for (clinics, guides, formats, languages, folder, options).
``plan`` lists every clinic × guide × language × format edition it covers and asks the build record
(``cache``) which are up to date; that needs neither YAML nor ReportLab, so a build with nothing to
do is over before either would have loaded. A ``Shard`` narrows a request to a fixed share of its
editions, so that several machines can build one directory between them. The records of what was
made (``Made``, ``Outcome``) live here too, so that this module, the ``build`` workshop and the
``batch`` runner share them without importing each other.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from handout.cache import Entry, Record
from handout.digest import Digests, edition_key
from handout.errors import UsageError
from handout.impose import Flip
from handout.outputs import ENGLISH, FILES, Files
from handout.project import Project


@dataclass(frozen=True)
class Settings:
    """The options of a build that change the bytes of its PDFs."""

    flip: Flip = "short"  # the booklet print edition's duplex edge
    marks: bool = False  # fold and trim marks on the booklet print edition
    bleed: bool = False  # laid out with bleed for a print shop (the formats that offer it)
    #: the PDFs' creation date, seconds since 1970 (SOURCE_DATE_EPOCH); None: each guide's
    #: review date, so that the same content always gives the same bytes
    created: int | None = None

    @classmethod
    def from_environment(cls, flip: Flip = "short", marks: bool = False,
                         bleed: bool = False) -> Settings:
        """Settings with the creation date the environment asks for (SOURCE_DATE_EPOCH)."""
        value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if value and not value.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                             f"1970-01-01, got {value!r}")
        return cls(flip, marks, bleed, int(value) if value else None)

    def of(self, files: Files) -> dict[str, str]:
        """The settings one format's files depend on."""
        out = {"SOURCE_DATE_EPOCH": "" if self.created is None else str(self.created)}
        if files.print_suffix is not None:
            out |= {"flip": self.flip, "marks": str(self.marks)}
        if files.bleeds:
            out["bleed"] = str(self.bleed)
        return out


@dataclass(frozen=True)
class Shard:
    """Share ``index`` of ``count`` (1-based, as ``--shard 2/8`` says) of every edition.

    An edition belongs to the shard its clinic, guide, format and language hash to (SHA-256, not Python's
    salted ``hash``), so every machine agrees without talking to the others, whatever its number of
    worker processes, and an edition stays in its shard when clinics or guides are added: a
    machine that keeps its output folder between runs keeps rebuilding only what changed. Shares
    are even in the mean, not exactly: 8 shards of 4,000 editions differ by a few per cent.
    """

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"K/N"`` with 1 ≤ K ≤ N; anything else is a usage error saying what was expected."""
        found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if found is None or not 1 <= int(found[1]) <= int(found[2]):
            raise UsageError(f"--shard: expected K/N, share K of N with "
                             f"1 ≤ K ≤ N (for example 2/8), got {text!r}")
        return cls(int(found[1]), int(found[2]))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, clinic: str, guide: str, format: str, language: str = ENGLISH) -> bool:
        parts = (clinic, guide, format) + (() if language == ENGLISH else (language,))
        name = "\0".join(parts).encode()  # English editions keep the shard they always had
        number = int.from_bytes(hashlib.sha256(name).digest()[:8], "big")
        return number % self.count == self.index - 1


@dataclass(frozen=True)
class Request:
    """What a command asks to build: every guide and format of some clinics, into a folder."""

    root: Path
    clinics: tuple[str, ...] | None  # None: every clinic of the project
    out_dir: Path  # absolute
    guides: tuple[str, ...] | None = None  # None: every guide
    formats: tuple[str, ...] = tuple(FILES)
    settings: Settings = Settings()
    force: bool = False  # rebuild what is up to date too
    #: ``("en",)``, ``("es",)`` …; None: every language each guide is in (``--lang all``)
    languages: tuple[str, ...] | None = (ENGLISH,)
    shard: Shard | None = None  # None: every edition; else only this share of them


@dataclass(frozen=True)
class Edition:
    """One format of a clinic's guide: its PDF, and its print edition where the format has one.

    The files of an edition are made together (the print edition is imposed from the PDF), so
    they are up to date together or rebuilt together.
    """

    clinic: str
    guide: str
    format: str
    paths: tuple[Path, ...]
    key: str  # ``digest.edition_key``: everything but files this edition depends on
    language: str = ENGLISH


@dataclass(frozen=True)
class Made:
    """One file written."""

    edition: Edition
    path: Path
    size: int
    entry: Entry

    @property
    def format(self) -> str:
        """The edition's format, or ``<format>-print`` for its print edition."""
        printed = FILES[self.edition.format].print_pdf(self.edition.guide, self.edition.language)
        return f"{self.edition.format}-print" if self.path.name == printed else self.edition.format


@dataclass(frozen=True)
class Outcome:
    """What became of one clinic's out-of-date editions."""

    clinic: str
    made: tuple[Made, ...] = ()
    error: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class Plan:
    clinics: tuple[str, ...]
    stale: tuple[Edition, ...]
    fresh: tuple[Edition, ...]
    settings: Settings = Settings()

    def by_clinic(self) -> dict[str, tuple[Edition, ...]]:
        out: dict[str, list[Edition]] = {}
        for e in self.stale:
            out.setdefault(e.clinic, []).append(e)
        return {c: tuple(es) for c, es in out.items()}


def plan(request: Request, record: Record) -> Plan:
    """Sort every edition ``request`` covers into out of date and up to date."""
    project = Project.at(request.root)
    clinics = list(request.clinics) if request.clinics is not None else project.clinic_names()
    guides = list(request.guides) if request.guides is not None else project.guide_ids()
    known_clinics, known_guides = set(project.clinic_names()), set(project.guide_ids())
    for name in clinics:
        if name not in known_clinics:
            project.clinic_file(name)  # raises: an unknown name is reported before any work
    for gid in guides:
        if gid not in known_guides:
            project.guide_file(gid)
    languages = guide_languages(project, request, guides)
    return _sort(clinics, languages, request.formats, request.out_dir, record, request.settings,
                 request.force, request.shard)


def guide_languages(project: Project, request: Request, guides: list[str] | None = None
                    ) -> dict[str, list[str]]:
    """Guide → the languages to build it in (``guides``: the request's, or every guide). A
    guide the request names must have each language asked for; from the whole library, a guide
    is built in the asked languages it has (``--lang es`` builds the Spanish editions of the
    guides that are translated). Raises for a missing translation, or a language no guide is
    in."""
    out: dict[str, list[str]] = {}
    if guides is None:
        guides = list(request.guides) if request.guides is not None else project.guide_ids()
    for gid in guides:
        have = project.languages(gid)
        if request.languages is None:
            out[gid] = have
        elif request.guides is not None:
            for lang in request.languages:
                project.guide_file(gid, lang)  # raises: a missing translation, before any work
            out[gid] = list(request.languages)
        elif any(lang in have for lang in request.languages):
            out[gid] = [lang for lang in request.languages if lang in have]
    if not out and guides and request.languages is not None:
        asked = ", ".join(request.languages)
        raise UsageError(f"--lang {asked}: no guide is in {asked} (a translation is "
                         f"content/guides/<guide>.{asked}.yaml)")
    return out


def _sort(clinics: Iterable[str], guides: dict[str, list[str]], formats: Iterable[str],
          out_dir: Path, record: Record, settings: Settings, force: bool,
          shard: Shard | None = None) -> Plan:
    digests = Digests()
    stale, fresh = [], []
    covered = []
    for clinic in clinics:
        mine = [(guide, lang, name) for guide, languages in guides.items() for lang in languages
                for name in formats if shard is None or shard.holds(clinic, guide, name, lang)]
        if mine or shard is None:
            covered.append(clinic)
        for guide, lang, name in mine:
            files = FILES[name]
            options = settings.of(files) | ({} if lang == ENGLISH else {"language": lang})
            edition = Edition(clinic, guide, name,
                              tuple(out_dir / clinic / p for p in files.all(guide, lang)),
                              edition_key(clinic, guide, name, options), lang)
            if not force and all(record.is_fresh(p, edition.key, digests)
                                 for p in edition.paths):
                fresh.append(edition)
            else:
                stale.append(edition)
    return Plan(tuple(covered), tuple(stale), tuple(fresh), settings)
