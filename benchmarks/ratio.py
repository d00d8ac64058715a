"""The batch ratio alone, quickly: CPU per document of handout ÷ the plain ReportLab script's.

    .venv/bin/python -m benchmarks.ratio --clinics 40 --rounds 5
    .venv/bin/python -m benchmarks.ratio --profile /tmp/handout.prof   # cProfile of one round

One process builds N generated clinics' handouts (``--format handout``) through a
``build.Workshop``, as a batch worker does, and renders the same N with the ReportLab peer
(``benchmarks/peers/reportlab_peer.py``); each round runs both in turn, clinic by clinic, after a
round to warm up, so that both see the same load. Every round has clinics of its own, never
built before in the process: a clinic built again would find its own paragraphs (its brand
colour, its phone number) in handout's caches, which a batch, building each clinic once, never
does. Start-up is not counted for either: this is the steady cost of one more document, the
figure the levers of ``docs/benchmarks.md`` change. CPU time (``time.process_time``); the
median of the rounds' ratios is printed with the load.

The peer renders in a process of its own, started once and told each clinic in turn: in this
process it would draw with handout's fonts, registered first (ReportLab gives a font registered
for a face already registered the font registered first, ``pdfmetrics.registerFont``), and with
everything handout does to make them cheaper.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import GUIDE, generate


class PeerProcess:
    """The ReportLab peer in a process of its own (see the module), rendering a clinic's
    handout when told to and answering with the CPU time it took."""

    def __init__(self, project: Path, out: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.ratio", "--peer-of", str(project), str(out)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def render(self, clinic: str) -> float:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(clinic + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise SystemExit(f"the peer stopped at {clinic}")
        return float(answer)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


def serve_peer(project: Path, out: Path) -> None:
    """The peer's side of ``PeerProcess``: a clinic's name a line in, its CPU seconds a line out."""
    from benchmarks.peers.reportlab_peer import Renderer

    peer = Renderer(project)
    for line in sys.stdin:
        name = line.strip()
        start = time.process_time()
        peer.render(name, GUIDE, out / name / f"{GUIDE}.pdf")
        print(time.process_time() - start, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="write a cProfile of one handout round here")
    parser.add_argument("--peer-of", nargs=2, type=Path, metavar=("PROJECT", "OUT"),
                        help=argparse.SUPPRESS)  # the peer's own process (PeerProcess)
    args = parser.parse_args()
    if args.peer_of:
        serve_peer(*args.peer_of)
        return

    import gc

    from handout.build import Workshop
    from handout.cache import Record
    from handout.plan import Request, plan

    scratch = Path(tempfile.mkdtemp(prefix="handout-ratio-"))
    peer: PeerProcess | None = None
    try:
        project = scratch / "project"
        every = generate(project, args.clinics * (args.rounds + 1))  # a set for each round
        rounds = [every[i:i + args.clinics] for i in range(0, len(every), args.clinics)]
        out = scratch / "out"
        request = Request(project, None, out, (GUIDE,), ("handout",), force=True)
        tasks = plan(request, Record(out, {})).by_clinic()
        workshop = Workshop(project)
        workshop.warm([GUIDE])
        peer = PeerProcess(project, scratch / "peer")
        gc.set_threshold(10_000, 20, 100)  # as a batch does (``batch._outcomes``)

        def ours(names: list[str]) -> float:
            start = time.process_time()
            for clinic in names:
                workshop.build(clinic, tasks[clinic])
            return (time.process_time() - start) / len(names)

        def round_(names: list[str]) -> tuple[float, float]:
            """Both, a clinic at a time in turn: a change of load hits both alike."""
            a = b = 0.0
            for name in names:
                start = time.process_time()
                workshop.build(name, tasks[name])
                a, b = a + time.process_time() - start, b + peer.render(name)
            return a / len(names), b / len(names)

        if args.profile:
            import cProfile

            ours(rounds[0])
            cProfile.runctx("ours(names)", globals(), {"ours": ours, "names": rounds[1]},
                            str(args.profile))
            print(f"profile of {len(rounds[1])} documents written to {args.profile}")
            return
        load = os.getloadavg()
        round_(rounds[0])  # warm up
        ratios, mine, peers = [], [], []
        for names in rounds[1:]:
            a, b = round_(names)
            mine.append(a), peers.append(b), ratios.append(a / b)
        print(f"handout {statistics.median(mine) * 1000:.1f} ms, peer "
              f"{statistics.median(peers) * 1000:.1f} ms CPU per document; ratio median "
              f"{statistics.median(ratios):.3f}× (rounds: {', '.join(f'{r:.3f}' for r in ratios)}); "
              f"{args.clinics} new clinics a round; load {' '.join(f'{x:.2f}' for x in load)} → "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if peer is not None:
            peer.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
