"""Running a build: plan it, build what is out of date in worker processes, record it.

``make`` is what every command that builds calls: it plans the ``Request`` (``plan``), builds the
stale editions, one task per clinic so that a clinic's editions are all written or none is, and
saves the build record (a shard's own, under ``--shard``). With one clinic, or one job,
everything runs in this process; otherwise in worker processes that each keep a
``build.Workshop`` (parsed guides, fonts, QR codes) between clinics. A clinic that fails is
reported and the others carry on. Every edition is made by the workshop, so a batch writes the
bytes a single build writes. Workers are started by ``fork`` where
the platform has it (they inherit the warm parent) and by ``spawn`` elsewhere (each warms itself
up); both give the same files, and the tests force ``spawn`` to keep it so.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handout.cache import Record
from handout.plan import Edition, Outcome, Plan, Request, Settings, plan

if TYPE_CHECKING:
    from handout.build import Workshop


@dataclass
class Batch:
    """The result of a run: outcomes in clinic order, and the editions that were up to date."""

    plan: Plan
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def fresh(self) -> tuple[Edition, ...]:
        return self.plan.fresh

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error is not None]


def make(request: Request, jobs: int = 1, on_done: Callable[[Outcome], None] = lambda o: None,
         keep_going: bool = True, start_method: str | None = None,
         on_plan: Callable[[Plan], None] = lambda p: None, workshop: Workshop | None = None
         ) -> Batch:
    """Build what ``request`` asks for that is out of date, with ``jobs`` processes.

    ``on_plan`` hears what is to be built before it is, ``on_done`` each clinic's outcome.
    ``keep_going=False`` lets the first error propagate (a single clinic's build wants that);
    otherwise a failing clinic becomes an outcome with its error and the others carry on.
    ``workshop``: the session to build in when building in this process (a long-lived command
    such as ``handout watch`` keeps one, with its fonts and parsed guides, between requests); it
    must be of the request's project and settings.
    """
    shard = request.shard
    record = Record.load(request.out_dir, None if shard is None else f"{shard.index}-of-{shard.count}")
    the_plan = plan(request, record)
    on_plan(the_plan)
    return run(request.root, the_plan, record, jobs, on_done, keep_going, start_method, workshop)


def run(root: Path, the_plan: Plan, record: Record, jobs: int = 1,
        on_done: Callable[[Outcome], None] = lambda o: None, keep_going: bool = True,
        start_method: str | None = None, workshop: Workshop | None = None) -> Batch:
    """Build the plan's stale editions with ``jobs`` processes; update and save ``record``."""
    tasks = the_plan.by_clinic()
    batch = Batch(the_plan)
    if not tasks:
        return batch
    try:
        for outcome in _outcomes(root, the_plan.settings, tasks, jobs, keep_going, start_method,
                                 workshop):
            for made in outcome.made:
                record.remember(made.path, made.entry)
            batch.outcomes.append(outcome)
            on_done(outcome)
    finally:
        record.save()  # keep what was built even when interrupted
    batch.outcomes.sort(key=lambda o: o.clinic)
    return batch


def _outcomes(root: Path, settings: Settings, tasks: dict[str, tuple[Edition, ...]], jobs: int,
              keep_going: bool, start_method: str | None, workshop: Workshop | None = None
              ) -> Iterator[Outcome]:
    from handout.build import Workshop

    # Rendering makes millions of short-lived objects and almost no reference cycles: collecting
    # every 10,000 allocations rather than every 700 saves about 7% of the time, and the few
    # cycles still go (measured with the default and this threshold, alternately, in one process).
    gc.set_threshold(10_000, 20, 100)
    if jobs <= 1 or len(tasks) == 1:
        if workshop is None:
            workshop = Workshop(root, settings)
        elif workshop.settings != settings or workshop.project.root != root.resolve():
            raise ValueError("the workshop given is for another project or other settings")
        for clinic, editions in tasks.items():
            yield workshop.try_build(clinic, editions) if keep_going else \
                workshop.build(clinic, editions)
        return
    import multiprocessing  # here, not at the top: a single clinic's build never needs them
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _workshop
    methods = multiprocessing.get_all_start_methods()
    method = start_method or ("fork" if "fork" in methods else "spawn")
    context = multiprocessing.get_context(method)
    _workshop = None
    if method == "fork":  # workers inherit the renderer, fonts and parsed guides: warm them here
        _workshop = Workshop(root, settings)
        _workshop.warm(sorted({e.guide for es in tasks.values() for e in es}))
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
    if _workshop is None:  # spawned, not forked
        from handout.build import Workshop

        gc.set_threshold(10_000, 20, 100)
        _workshop = Workshop(root, settings)
        _workshop.warm([])


def _work(clinic: str, editions: tuple[Edition, ...]) -> Outcome:
    assert _workshop is not None
    return _workshop.try_build(clinic, editions)


def default_jobs() -> int:
    """The CPUs this process may use (fewer than the machine's under a container's limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
