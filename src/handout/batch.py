"""Many editions at once: plan what is out of date, build it in worker processes, record it.

``plan`` lists every clinic × guide × format edition and asks the build record (``cache``) which
are up to date; that needs neither YAML nor ReportLab. ``run`` builds the rest, one task per clinic
so that a clinic's editions are all written or none is (as for a single build), in parallel worker
processes that each keep the guide, fonts and QR codes they have already prepared. A clinic that
fails is reported and the others carry on. Every edition is made by the same functions as
``handout build --clinic NAME``, so a batch writes the same bytes.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handout.cache import Entry, Record
from handout.digest import Digests, edition_key, of_bytes, of_file
from handout.errors import HandoutError
from handout.outputs import FILES, Files
from handout.project import Project

if TYPE_CHECKING:
    from handout.impose import Flip
    from handout.model import Guide, Parsed


@dataclass(frozen=True)
class Settings:
    """The options of a build that change the bytes of its PDFs."""

    flip: Flip = "short"  # the booklet print edition's duplex edge
    marks: bool = False  # fold and trim marks on the booklet print edition
    bleed: bool = False  # laid out with bleed for a print shop (the formats that offer it)

    def of(self, files: Files) -> dict[str, str]:
        """The settings one format's files depend on (with those from the environment)."""
        out = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "")}
        if files.print_suffix is not None:
            out |= {"flip": self.flip, "marks": str(self.marks)}
        if files.bleeds:
            out["bleed"] = str(self.bleed)
        return out


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


@dataclass(frozen=True)
class Made:
    """One file written."""

    edition: Edition
    path: Path
    size: int
    entry: Entry


@dataclass(frozen=True)
class Outcome:
    """What became of one clinic's out-of-date editions."""

    clinic: str
    made: tuple[Made, ...] = ()
    error: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class Plan:
    stale: tuple[Edition, ...]
    fresh: tuple[Edition, ...]
    settings: Settings = Settings()

    def by_clinic(self) -> dict[str, tuple[Edition, ...]]:
        out: dict[str, list[Edition]] = {}
        for e in self.stale:
            out.setdefault(e.clinic, []).append(e)
        return {c: tuple(es) for c, es in out.items()}


def plan(project: Project, clinics: list[str], guides: list[str], formats: Iterable[str],
         out_dir: Path, record: Record, settings: Settings, force: bool = False) -> Plan:
    """Sort every clinic × guide × format edition into out of date and up to date.

    Needs neither ReportLab nor the YAML: a build with nothing to do is over before either would
    have loaded.
    """
    known_clinics, known_guides = set(project.clinic_names()), set(project.guide_ids())
    for name in clinics:
        if name not in known_clinics:
            project.clinic_file(name)  # raises: an unknown name is reported before any work
    for gid in guides:
        if gid not in known_guides:
            project.guide_file(gid)
    digests = Digests()
    stale, fresh = [], []
    for clinic in clinics:
        for guide in guides:
            for name in formats:
                files = FILES[name]
                edition = Edition(clinic, guide, name,
                                  tuple(out_dir / clinic / p for p in files.all(guide)),
                                  edition_key(clinic, guide, name, settings.of(files)))
                if not force and all(record.is_fresh(p, edition.key, digests)
                                     for p in edition.paths):
                    fresh.append(edition)
                else:
                    stale.append(edition)
    return Plan(tuple(stale), tuple(fresh), settings)


#: Fonts folder → digests of its fonts when this process registered them (fonts are registered
#: once per process, in ReportLab's global registry).
_registered: dict[Path, dict[str, str | None]] = {}


class Workshop:
    """What one process keeps between clinics: parsed guides (by file digest), fonts, QR codes.

    Every clinic shares the guide, so reading and validating it once per process instead of once
    per clinic is the largest saving after rendering itself. Each input is hashed before it is
    read, so a file edited during a build can only make the record too old (a rebuild next
    time), never make a stale PDF look current.
    """

    def __init__(self, root: Path, settings: Settings):
        self.project = Project(root)
        self.settings = settings
        self._guides: dict[tuple[str, str | None], Parsed[Guide]] = {}
        self._fonts: dict[str, str | None] | None = None

    def warm(self) -> dict[str, str | None]:
        """Read the fonts (and so import the renderer) now, before work is handed out.

        Fonts are registered once per process; a process that outlives an edit of a font file
        (``handout serve``) reads the fonts again when their digests have changed.
        """
        if self._fonts is None:
            from handout.fonts import FACES, register

            folder = self.project.root / "fonts"
            self._fonts = Digests().files(folder / f for f in FACES.values())
            if _registered.get(folder, self._fonts) != self._fonts:
                register.cache_clear()
            register(folder)
            _registered[folder] = self._fonts
        return self._fonts

    def guide(self, guide: str, digest: str | None) -> Parsed[Guide]:
        """The guide parsed and validated, once per process and content of its file."""
        key = (guide, digest)
        if key not in self._guides:
            self._guides[key] = self.project.guide(guide)
        return self._guides[key]

    def preload(self, guides: Iterable[str]) -> None:
        """Before forking workers: import everything an edition needs and parse the guides, so
        that every worker starts with them (forked memory is shared) instead of each doing it."""
        import pikepdf  # noqa: F401  (the tagging pass imports it when it runs)

        import handout.build  # noqa: F401  (layout, render and tagging, ReportLab)
        import handout.tagging.document  # noqa: F401

        self.warm()
        for gid in guides:
            try:
                self.guide(gid, of_file(self.project.guides_dir / f"{gid}.yaml"))
            except HandoutError:
                pass  # each clinic's build reports it

    def build(self, clinic: str, editions: tuple[Edition, ...]) -> Outcome:
        """Make every file of one clinic's editions, then write them all; raises on the first
        error, before anything is written."""
        from handout import build
        from handout.layout.formats import FORMATS
        from handout.write import write_atomic

        start = time.perf_counter()
        project, digests, settings = self.project, Digests(), self.settings
        fonts = self.warm()
        clinic_file = project.clinics_dir / f"{clinic}.yaml"  # a name ``plan`` has checked
        digests.file(clinic_file)
        made: list[tuple[Edition, Path, bytes, dict[str, str | None]]] = []
        docs = {}
        for e in editions:
            guide_file = project.guides_dir / f"{e.guide}.yaml"
            if e.guide not in docs:
                parsed = self.guide(e.guide, digests.file(guide_file))
                docs[e.guide] = build.document(project, clinic, e.guide, parsed)
            doc = docs[e.guide]
            assets = [p for p in (doc.logo, *doc.assets.values()) if p is not None]
            inputs = {**digests.files([guide_file, clinic_file, *assets]), **fonts}
            files = build.editions(project, doc, FORMATS[e.format], settings.flip, settings.marks,
                                   settings.bleed)
            made += [(e, path, file.data, inputs) for path, file in zip(e.paths, files, strict=True)]
        written = []
        for e, path, data, inputs in made:
            write_atomic(path, data)
            written.append(Made(e, path, len(data), Entry(e.key, inputs, of_bytes(data))))
        return Outcome(clinic, tuple(written), seconds=time.perf_counter() - start)

    def try_build(self, clinic: str, editions: tuple[Edition, ...]) -> Outcome:
        """``build``, with a failure turned into an outcome so that the batch carries on."""
        start = time.perf_counter()
        try:
            return self.build(clinic, editions)
        except HandoutError as exc:
            message = str(exc)
        except Exception as exc:  # a bug of ours: report it with the clinic, keep going
            message = f"internal error ({type(exc).__name__}: {exc}); run with --debug"
        return Outcome(clinic, error=message, seconds=time.perf_counter() - start)


@dataclass
class Batch:
    """The result of ``run``: outcomes in clinic order, and the editions that were up to date."""

    outcomes: list[Outcome] = field(default_factory=list)
    fresh: tuple[Edition, ...] = ()

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error is not None]


def run(project: Project, the_plan: Plan, record: Record, jobs: int,
        on_done: Callable[[Outcome], None] = lambda o: None, keep_going: bool = True) -> Batch:
    """Build the plan's stale editions with ``jobs`` processes; update and save ``record``.

    With one job, or one clinic to build, everything runs in this process (no start-up cost);
    ``keep_going=False`` then lets the first error propagate, as a single-clinic build wants.
    """
    tasks = the_plan.by_clinic()
    batch = Batch(fresh=the_plan.fresh)
    if not tasks:
        return batch
    try:
        for outcome in _outcomes(project.root, the_plan.settings, tasks, jobs, keep_going):
            for made in outcome.made:
                record.remember(made.path, made.entry)
            batch.outcomes.append(outcome)
            on_done(outcome)
    finally:
        record.save()  # keep what was built even when interrupted
    batch.outcomes.sort(key=lambda o: o.clinic)
    return batch


def _outcomes(root: Path, settings: Settings, tasks: dict[str, tuple[Edition, ...]], jobs: int,
              keep_going: bool) -> Iterator[Outcome]:
    # Rendering makes millions of short-lived objects and almost no reference cycles: collecting
    # every 10,000 allocations rather than every 700 saves about 7% of the time, and the few
    # cycles still go (measured with the default and this threshold, alternately, in one process).
    gc.set_threshold(10_000, 20, 100)
    if jobs <= 1 or len(tasks) == 1:
        workshop = Workshop(root, settings)
        for clinic, editions in tasks.items():
            yield workshop.try_build(clinic, editions) if keep_going else \
                workshop.build(clinic, editions)
        return
    import multiprocessing  # here, not at the top: a single clinic's build never needs them
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fork shares the parent's imported renderer, fonts and parsed guides with every worker (as
    # its ``_workshop``); where fork is not offered, each worker warms itself up instead.
    global _workshop
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    _workshop = None
    if context.get_start_method() == "fork":
        _workshop = Workshop(root, settings)
        _workshop.preload(sorted({e.guide for es in tasks.values() for e in es}))
        gc.freeze()  # what the workers inherit is never collected: no copy-on-write for it
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                             initializer=_start_worker, initargs=(root, settings)) as pool:
        futures = [pool.submit(_work, c, es) for c, es in tasks.items()]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


_workshop: Workshop | None = None  # a worker's: inherited from its parent, or its own


def _start_worker(root: Path, settings: Settings) -> None:
    global _workshop
    if _workshop is None:  # not forked
        _workshop = Workshop(root, settings)
        _workshop.warm()


def _work(clinic: str, editions: tuple[Edition, ...]) -> Outcome:
    assert _workshop is not None
    return _workshop.try_build(clinic, editions)


def default_jobs() -> int:
    """The CPUs this process may use (fewer than the machine's under a container's limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
