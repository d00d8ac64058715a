"""What ``handout email --batch`` shows: a progress bar while it sends, a summary table after.

The bar goes to standard error and only on a terminal; the table is always printed. Patients'
addresses appear here, in the summary, and nowhere else on screen.
"""

from __future__ import annotations

from collections import Counter
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from handout.mail.run import Result


class Bar:
    """Counts messages as they are sent."""

    def __init__(self) -> None:
        self._console = Console(stderr=True)
        self._progress = Progress(TextColumn("sending"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("messages"), TimeElapsedColumn(),
                                  console=self._console, disable=not self._console.is_terminal,
                                  transient=True)
        self._task: TaskID | None = None

    def __enter__(self) -> Bar:
        return self  # the bar appears once there is something to send

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()

    def start(self, total: int):
        """Called once the messages are ready; gives the function told of each result."""
        self._progress.start()
        self._task = self._progress.add_task("send", total=total)

        task = self._task

        def done(result: Result) -> None:
            self._progress.update(task, advance=1)
            self._progress.refresh()
        return done


ORDER = ("sent", "written", "already sent", "sent, not recorded", "not sent", "bad row")


def summary(results: list[Result], title: str) -> Table:
    """One row per line of the file: the patient, what was attached, what became of it (why a
    row failed is printed beside the table, one line each)."""
    table = Table(title=title, title_justify="left")
    for name, justify in (("row", "right"), ("patient", "left"), ("guides", "left"),
                          ("formats", "left"), ("result", "left")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in sorted(results, key=lambda r: r.line or 0):
        table.add_row(str(r.line or ""), r.to or "–", " ".join(r.guides), " ".join(r.formats),
                      r.status)
    counts = Counter(r.status for r in results)
    table.add_section()
    table.add_row("", f"{len(results)} rows", "", "", ", ".join(
        f"{counts[status]} {status}" for status in ORDER if counts[status]))
    return table


def show(table: Table) -> None:
    Console(soft_wrap=False).print(table)
