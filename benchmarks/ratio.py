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
figure the levers of ``docs/benchmarks.md`` change. CPU time of this process
(``time.process_time``); the median of the rounds' ratios is printed with the load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.run import GUIDE, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="write a cProfile of one handout round here")
    args = parser.parse_args()

    import gc

    from benchmarks.peers.reportlab_peer import Renderer
    from handout.build import Workshop
    from handout.cache import Record
    from handout.plan import Request, plan

    scratch = Path(tempfile.mkdtemp(prefix="handout-ratio-"))
    try:
        project = scratch / "project"
        every = generate(project, args.clinics * (args.rounds + 1))  # a set for each round
        rounds = [every[i:i + args.clinics] for i in range(0, len(every), args.clinics)]
        out = scratch / "out"
        request = Request(project, None, out, (GUIDE,), ("handout",), force=True)
        tasks = plan(request, Record(out, {})).by_clinic()
        workshop = Workshop(project)
        workshop.warm([GUIDE])
        peer = Renderer(project)
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
                middle = time.process_time()
                peer.render(name, GUIDE, scratch / "peer" / name / f"{GUIDE}.pdf")
                a, b = a + middle - start, b + time.process_time() - middle
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
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
