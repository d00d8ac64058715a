"""What a batch build shows: a progress bar while it works, a summary table when it is done.

The bar goes to standard error and only on a terminal (a log or CI gets no control codes); the
table and the list of failures are always printed. Rich comes with Typer, so this adds nothing
to install, and it is imported only by the commands that draw.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from handout.batch import Batch
from handout.plan import Outcome, Plan


class Bar:
    """Counts clinics as their outcomes arrive, out of those the plan has to build."""

    def __init__(self) -> None:
        self._console = Console(stderr=True)
        self._progress = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("clinics"), TimeElapsedColumn(),
                                  TextColumn("{task.fields[last]}"), console=self._console,
                                  disable=not self._console.is_terminal, transient=True,
                                  auto_refresh=False)  # no thread: the workers are forked
        self._task = self._progress.add_task("build", total=None, last="")

    def __enter__(self) -> Bar:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()

    def planned(self, plan: Plan) -> None:
        self._progress.update(self._task, total=len(plan.by_clinic()))

    def done(self, outcome: Outcome) -> None:
        mark = "failed" if outcome.error else "ok"
        self._progress.update(self._task, advance=1, last=f"{outcome.clinic}: {mark}")
        self._progress.refresh()


def summary(batch: Batch, out_dir: Path, seconds: float) -> Table:
    """One row per clinic: PDFs written, PDFs up to date, time, result."""
    fresh: Counter[str] = Counter()
    for e in batch.fresh:
        fresh[e.clinic] += len(e.paths)
    outcomes = {o.clinic: o for o in batch.outcomes}
    clinics = sorted(set(fresh) | set(outcomes))
    table = Table(title=f"handout build --all → {out_dir}", title_justify="left")
    for name, justify in (("clinic", "left"), ("built", "right"), ("up to date", "right"),
                          ("seconds", "right"), ("result", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for clinic in clinics:
        o = outcomes.get(clinic)
        result = "up to date" if o is None else ("failed" if o.error else "ok")
        table.add_row(clinic, str(len(o.made) if o else 0), str(fresh[clinic]),
                      f"{o.seconds:.2f}" if o else "–", result)
    built = sum(len(o.made) for o in batch.outcomes)
    table.add_section()
    table.add_row(f"{len(clinics)} clinics", str(built), str(fresh.total()), f"{seconds:.2f}",
                  f"{len(batch.failures)} failed" if batch.failures else "ok")
    return table


def show(table: Table) -> None:
    Console(soft_wrap=False).print(table)
