"""``handout watch``: build once, then rebuild whatever a saved edit makes out of date.

Takes a ``plan.Request`` for one clinic; gives a ``Pass`` for the first build and for each batch of
changes, until Ctrl-C (``KeyboardInterrupt``) or a stop event.

- Every pass goes through ``batch.make``, so only the editions whose inputs changed are rebuilt
  (the build record knows which files each PDF was made from), in ONE ``build.Workshop`` kept for
  the whole session: fonts stay registered and the guide stays parsed until their files change
  (the workshop knows both by their files' digests, so an edited font or guide is read again).
- What a pass depends on: the clinic file, the chosen guides and their translations
  (``<id>.<lang>.yaml``), the fonts, and every picture the last good build read (from the build
  record). Their folders are watched with ``watchfiles`` (inotify, FSEvents or
  ReadDirectoryChangesW; no polling loop of ours), each folder by itself rather than recursively,
  so a logo at the project's top does not mean watching ``dist/`` or ``.git``. Watching folders,
  not files, is what sees an editor's save that writes a temporary file and renames it over the
  original (the original's inode is gone after such a save).
- Changes are grouped: a pass starts once no relevant change has come for ``STEP_MS``; edits made
  while a pass runs are queued by the watcher and make the next pass.
- A mistake is a ``Pass`` with the error's text and nothing written: ``batch.make`` writes a
  clinic's files only after all of them were made, so the last good PDF stays as it was.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from handout.build import Workshop
from handout.cache import Record
from handout.errors import HandoutError
from handout.outputs import FILES
from handout.plan import Made, Request, guide_languages

#: A pass starts once no relevant change has come for this long (a burst of saves is one pass)
STEP_MS = 250
#: ... or at the latest this long after the first change of a burst that does not stop
DEBOUNCE_MS = 3000
#: how soon after (re)starting the watcher the edits made before it watched are caught up
CATCH_UP_MS = 200


@dataclass(frozen=True)
class Pass:
    """What one build of the watched editions did."""

    at: dt.datetime  # when it started (local time)
    seconds: float
    made: tuple[Made, ...] = ()  # files written; none when everything was up to date
    error: str | None = None  # the mistake that stopped it: nothing was written
    first: bool = False  # the build at the start, before any change
    changed: tuple[Path, ...] = ()  # the files whose change started it

    def line(self) -> str:
        """The one line printed for this pass."""
        clock = self.at.strftime("%H:%M:%S")
        took = f"{self.seconds:.2f} s"
        if self.error is not None:
            return f"{clock} not rebuilt ({took}): fix the mistake above; the last good PDFs " \
                   f"are unchanged"
        if not self.made:
            return f"{clock} up to date ({took}): the PDFs already match the saved files"
        guides: dict[str, list[str]] = {}
        for made in self.made:
            guides.setdefault(made.edition.guide, []).append(made.format)
        what = "; ".join(f"{guide} ({', '.join(formats)})" for guide, formats in guides.items())
        return f"{clock} {'built' if self.first else 'rebuilt'} {what} in {took}"


class Watch:
    """One clinic's editions, kept up to date with their files: see the module's docstring."""

    def __init__(self, request: Request, debug: bool = False):
        if request.clinics is None or len(request.clinics) != 1 or request.guides is None:
            raise ValueError("watch needs one clinic and its guides")
        self.request = request
        self.clinic = request.clinics[0]
        self.workshop = Workshop(request.root, request.settings)
        self.debug = debug
        #: the files the PDFs were made from at the last build (what is watched)
        self.depends_on: frozenset[Path] = self.inputs()

    # -- what to watch --------------------------------------------------------------------------

    def inputs(self) -> frozenset[Path]:
        """Every file the watched PDFs are made from, as far as is known now: the clinic, the
        guides and fonts always, and whatever else the build record lists (pictures)."""
        from handout import fonts

        project = self.workshop.project
        found = {project.clinics_dir / f"{self.clinic}.yaml", *fonts.files(project.root / "fonts")}
        found |= {project.guides_dir / f"{gid}.yaml" for gid in self.guides}
        record = Record.load(self.request.out_dir)
        for name in self.outputs():
            entry = record.entries.get(name)
            if entry is not None:
                found |= {Path(p) for p in entry.inputs}
        # as the file events name them: through any link (a fonts/ linked from elsewhere), and
        # macOS' /var → /private/var
        return frozenset(p.resolve() for p in found)

    def outputs(self) -> list[str]:
        """The watched files' names in the build record (``clinic/file.pdf``)."""
        return [f"{self.clinic}/{name}" for gid, langs in self.languages.items()
                for lang in langs for fmt in self.request.formats
                for name in FILES[fmt].all(gid, lang)]

    @property
    def languages(self) -> dict[str, list[str]]:
        """Each watched guide → the languages of its watched editions."""
        return guide_languages(self.workshop.project, self.request)

    @property
    def guides(self) -> tuple[str, ...]:
        assert self.request.guides is not None
        return self.request.guides

    def folders(self) -> frozenset[Path]:
        """The folders to watch: those of every input that exist."""
        return frozenset(p.parent for p in self.depends_on if p.parent.is_dir())

    def relevant(self, path: Path) -> bool:
        """Does a change of ``path`` concern the watched PDFs?"""
        path = path.resolve()
        if path in self.depends_on:
            return True
        # a translation of a watched guide: content/guides/<id>.<lang>.yaml
        return path.parent == self.workshop.project.guides_dir.resolve() and \
            path.suffix == ".yaml" and path.name.split(".", 1)[0] in self.guides

    # -- building -------------------------------------------------------------------------------

    def build(self, first: bool = False, changed: tuple[Path, ...] = ()) -> Pass:
        """Build what is out of date, in the session's workshop; a mistake becomes the pass's
        error (an error of ours too, unless debugging: a long-lived loop outlives a bug)."""
        from handout import batch

        at, start = dt.datetime.now(), time.perf_counter()
        try:
            result = batch.make(self.request, keep_going=False, workshop=self.workshop)
        except HandoutError as exc:
            return Pass(at, time.perf_counter() - start, error=str(exc), first=first,
                        changed=changed)
        except Exception as exc:
            if self.debug:
                raise
            return Pass(at, time.perf_counter() - start, first=first, changed=changed,
                        error=f"internal error ({type(exc).__name__}: {exc}); run with --debug "
                              f"and report the output")
        finally:
            self.depends_on = self.inputs()  # a new picture is known once a build has read it
        made = tuple(m for o in result.outcomes for m in o.made)
        return Pass(at, time.perf_counter() - start, made, first=first, changed=changed)

    def changes(self, stop: threading.Event | None = None) -> Iterator[tuple[Path, ...]]:
        """Each group of relevant changes, as it comes, until ``stop`` is set (or Ctrl-C, which
        raises ``KeyboardInterrupt``).

        The folders watched follow ``inputs``: when a build finds a picture in a folder not yet
        watched, the watcher starts again on the new set. Each time the watcher has (re)started,
        an empty group is yielded once: a change made before it was watching is caught up by
        a build then (with nothing to do, that build is over in milliseconds).
        """
        import watchfiles

        while stop is None or not stop.is_set():
            folders = self.folders()
            caught_up = False
            for group in watchfiles.watch(
                    *sorted(folders), watch_filter=lambda change, path: self.relevant(Path(path)),
                    step=STEP_MS, debounce=DEBOUNCE_MS, stop_event=stop, recursive=False,
                    rust_timeout=CATCH_UP_MS, yield_on_timeout=True, raise_interrupt=True):
                if not group and caught_up:
                    continue  # the watcher's clock ticking: nothing happened
                caught_up = True
                yield tuple(sorted({Path(path) for change, path in group}))
                if self.folders() != folders:
                    break
            else:
                return  # stopped

    def run(self, report: Callable[[Pass], None], stop: threading.Event | None = None,
            ready: Callable[[Watch], None] = lambda w: None) -> None:
        """Build once, then once for each group of changes, telling ``report`` of each pass
        (of a catch-up pass only when it made something)."""
        last = self.build(first=True)
        report(last)
        ready(self)
        for changed in self.changes(stop):
            done = self.build(changed=changed)
            if changed or done.made or done.error != last.error:
                report(done)
            last = done

    def first_pdf(self) -> Path:
        """The PDF ``--open`` opens: the first chosen guide in the first chosen format."""
        gid, langs = next(iter(self.languages.items()))
        return self.request.out_dir / self.clinic / FILES[self.request.formats[0]].pdf(
            gid, langs[0])
