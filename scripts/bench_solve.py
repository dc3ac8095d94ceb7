"""Benchmark: ``solve`` alone, from parsed cases (the order core, the trace and the payments).

Generates N cases (``cobsim generate``'s catalogue and mix), parses each once, then times ``solve(case)`` over all
of them with ``time.process_time`` (CPU seconds of this process: the machine is shared and noisy). In the same run
it times two baselines over the same parsed cases:

* ``all rules``: the same loop with the rule index switched off, so every pair is put to every order rule and
  every coverage to every participation rule, in registry order (the engine before the index);
* ``calibration``: a trivial loop that only reads each case's coverages, to tell a slow machine from a slow engine.

Each figure is the median of ``--repeat`` runs; within a run the three loops take turns every 250 cases, so the
machine's load (shared, noisy) weighs on them alike. The target is 10,000 solves per CPU-second (issue 16). A
separate instrumented run says what share of the time goes to payments (``cobsim.payments.adjudicate``), and
``--profile`` prints the top 25 cProfile entries by own time.

Usage:
    python scripts/bench_solve.py [--count 5000] [--seed 1] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cobsim import engine as _engine  # noqa: E402
from cobsim.engine import solve  # noqa: E402
from cobsim.io import loads_json, parse_case  # noqa: E402
from cobsim.model.case import Case  # noqa: E402
from cobsim.rules import context as _context  # noqa: E402
from generators.produce import generate_lines  # noqa: E402

TARGET = 10_000  #: solves per CPU-second (issue 16, item 3)


@contextlib.contextmanager
def _index(enabled: bool) -> Iterator[None]:
    """The rule index on or off (a tree without the index has only the "off" behaviour)."""
    switch = getattr(_context, "rule_index", None)
    if switch is None:
        yield
        return
    with switch(enabled):
        yield


def cases(count: int, seed: int) -> list[Case]:
    """``count`` generated cases, parsed (as ``cobsim generate --count N --seed S`` writes them)."""
    return [parse_case(loads_json(line)) for line in generate_lines(["all"], count, seed)]


def _solve_all(parsed: list[Case]) -> None:
    for case in parsed:
        solve(case)


def _read_all(parsed: list[Case]) -> None:
    for case in parsed:
        for cov in case.coverages:
            cov.kind  # noqa: B018 - the calibration loop only reads


def cpu(loop: Callable[[list[Case]], None], parsed: list[Case]) -> float:
    """CPU seconds of one run of ``loop`` over ``parsed``."""
    start = time.process_time()
    loop(parsed)
    return time.process_time() - start


def rates(parsed: list[Case], repeat: int, chunk: int = 250) -> dict[str, list[float]]:
    """Cases per CPU-second of each loop, one figure per run. The loops take turns every ``chunk`` cases
    (calibration, all rules, index; next chunk...), so a change in the machine's load falls on the three alike."""
    loops = {
        "calibration": (_read_all, True),
        "all_rules": (_solve_all, False),
        "indexed": (_solve_all, True),
    }
    for loop, index in loops.values():  # warm the caches (rule index, citations, parameters) before timing
        with _index(index):
            loop(parsed[:300])
    out: dict[str, list[float]] = {name: [] for name in loops}
    for _ in range(repeat):
        spent = dict.fromkeys(loops, 0.0)
        for start in range(0, len(parsed), chunk):
            part = parsed[start : start + chunk]
            for name, (loop, index) in loops.items():
                with _index(index):
                    spent[name] += cpu(loop, part)
        for name in loops:
            out[name].append(len(parsed) / spent[name])
    return out


def payments_share(parsed: list[Case]) -> float:
    """The share of ``solve``'s CPU time spent adjudicating payments (:func:`cobsim.payments.adjudicate`), from
    one separate indexed run with that call timed (the timed runs above are not instrumented)."""
    spent = [0.0]
    name = "adjudicate"  # the engine's own reference to cobsim.payments.adjudicate
    adjudicate = getattr(_engine, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return adjudicate(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start

    setattr(_engine, name, timed)
    try:
        with _index(True):
            total = cpu(_solve_all, parsed)
    finally:
        setattr(_engine, name, adjudicate)
    return spent[0] / total


def profile(parsed: list[Case], top: int = 25) -> str:
    """The top entries of a cProfile of one indexed run, by own time."""
    prof = cProfile.Profile()
    with _index(True):
        prof.enable()
        _solve_all(parsed)
        prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="cases to generate and parse (default 5000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported (>= 3)")
    parser.add_argument("--profile", action="store_true", help="also print the top 25 cProfile entries by tottime")
    args = parser.parse_args()
    repeat = max(3, args.repeat)
    start = time.process_time()
    parsed = cases(args.count, args.seed)
    print(f"generated and parsed {len(parsed):,} cases (seed {args.seed}) in {time.process_time() - start:.1f} CPU-s")
    load_before = os.getloadavg()
    measured = rates(parsed, repeat)
    calibration, before, after = (statistics.median(measured[k]) for k in ("calibration", "all_rules", "indexed"))
    ratios = [x / y for x, y in zip(measured["indexed"], measured["all_rules"], strict=True)]
    share = payments_share(parsed)
    load_after = os.getloadavg()
    verdict = "PASS" if after >= TARGET else "MISS"
    print(f"calibration (read each case's coverages): {calibration:,.0f} cases per CPU-second (median of {repeat})")
    print(f"solve, all rules asked (before the index): {before:,.0f} cases per CPU-second (median of {repeat})")
    print(f"solve, rule index:                         {after:,.0f} cases per CPU-second (median of {repeat})")
    print(
        f"ratio index / all rules: {after / before:.2f}x (per run: {', '.join(f'{r:.2f}' for r in ratios)}; "
        f"runs: index {', '.join(f'{x:,.0f}' for x in measured['indexed'])}, "
        f"all rules {', '.join(f'{x:,.0f}' for x in measured['all_rules'])})"
    )
    print(
        f"payments (cobsim.payments.adjudicate) take {share:.0%} of solve's time: the order, trace and notes alone "
        f"would run at about {after / (1 - share):,.0f} cases per CPU-second"
    )
    print(
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, after {load_after[0]:.2f}"
    )
    print(f"{verdict}: target {TARGET:,} solves per CPU-second; measured {after:,.0f} ({after / TARGET:.0%} of target)")
    print(
        json.dumps(
            {
                "cases": len(parsed),
                "seed": args.seed,
                "repeat": repeat,
                "calibration_per_cpu_s": round(calibration),
                "all_rules_per_cpu_s": round(before),
                "indexed_per_cpu_s": round(after),
                "indexed_runs": [round(x) for x in measured["indexed"]],
                "all_rules_runs": [round(x) for x in measured["all_rules"]],
                "ratio": round(after / before, 2),
                "payments_share": round(share, 3),
                "target": TARGET,
                "verdict": verdict,
                "loadavg": [round(x, 2) for x in load_before],
            },
            indent=2,
        )
    )
    if args.profile:
        print(profile(parsed))


if __name__ == "__main__":
    main()
