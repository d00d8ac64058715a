"""Two checkouts' steady batch ratio, alternating: did a change make a document cheaper?

    .venv/bin/python -m benchmarks.compare ../handout-before . --pairs 3

Runs ``benchmarks.ratio`` (each clinic built by handout and then by the ReportLab peer, new
clinics every round) in a process of each checkout in turn, ``--pairs`` times, so that a change
of the machine's load falls on both alike, and prints each run's figures and their medians. On a
shared machine whole runs of the same code vary by 10% and more from one minute to the next;
the peer's time in the same process is the yardstick, and the ratio the figure to compare.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

_FIGURES = re.compile(r"handout ([\d.]+) ms, peer ([\d.]+) ms .*ratio median ([\d.]+)×")


def run(checkout: Path, clinics: int, rounds: int) -> tuple[float, float, float]:
    """(handout's ms, the peer's ms, their ratio) a document from one ``benchmarks.ratio`` run of
    ``checkout``'s code."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(checkout), str(checkout / "src")])}
    result = subprocess.run([sys.executable, "-m", "benchmarks.ratio", "--clinics", str(clinics),
                             "--rounds", str(rounds)], cwd=checkout, env=env, capture_output=True,
                            text=True, check=True)
    found = _FIGURES.search(result.stdout)
    if found is None:
        raise SystemExit(f"no figures in the output of {checkout}:\n{result.stdout}{result.stderr}")
    ours, peer, ratio = map(float, found.groups())
    return ours, peer, ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="checkout of the code before the change")
    parser.add_argument("after", type=Path, help="checkout of the code after it")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--clinics", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    runs: dict[str, list[tuple[float, float, float]]] = {"before": [], "after": []}
    for _ in range(args.pairs):
        for label, checkout in (("before", args.before), ("after", args.after)):
            figures = run(checkout.resolve(), args.clinics, args.rounds)
            runs[label].append(figures)
            print(f"{label:6s} handout {figures[0]:.1f} ms, peer {figures[1]:.1f} ms, "
                  f"ratio {figures[2]:.3f}×", flush=True)
    for label, figures in runs.items():
        print(f"{label:6s} medians: handout {statistics.median(f[0] for f in figures):.1f} ms, "
              f"peer {statistics.median(f[1] for f in figures):.1f} ms, "
              f"ratio {statistics.median(f[2] for f in figures):.3f}×")


if __name__ == "__main__":
    main()
