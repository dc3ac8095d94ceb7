"""Benchmark: generate + solve + write throughput and peak memory.

Runs ``cobsim generate`` in a child process for each size (so peak RSS is the child's own), and in the same run
measures a baseline: a naive generator that calls faker once per field for a four-person family (the figure the
generators issue quotes, about 440 families/s on one core). Machines here are shared and noisy: each size is
run ``--repeat`` times and the median is reported, with its ratio to the baseline measured in the same run.

Usage:
    python scripts/bench_generate.py [--sizes 10000,100000,1000000] [--repeat 3] [--jobs 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from faker import Faker

ROOT = Path(__file__).resolve().parent.parent


def baseline(families: int = 2000) -> float:
    """Naive faker: every field of a four-person family from a fresh faker call (families per second)."""
    fake = Faker("en_US")
    fake.seed_instance(1)
    start = time.perf_counter()
    for _ in range(families):
        people = []
        for _ in range(4):
            people.append(
                {
                    "name": fake.name(),
                    "birth_date": fake.date_of_birth().isoformat(),
                    "ssn": fake.ssn(),
                    "address": fake.address(),
                    "employer": fake.company(),
                    "member_id": fake.bothify("???#########"),
                }
            )
        json.dumps(people)
    return families / (time.perf_counter() - start)


def run(count: int, jobs: int) -> tuple[float, float]:
    """(cases per second, peak RSS in MiB) of one `cobsim generate` run writing a JSONL file (then deleted)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cases.jsonl"
        cmd = [
            sys.executable, "-m", "cobsim.cli", "generate", "--count", str(count), "--seed", "1",
            "--out", str(out), "--no-progress", "--jobs", str(jobs),
        ]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        with out.open("rb") as handle:
            lines = sum(1 for _ in handle)
        if lines != count:
            raise SystemExit(f"expected {count} cases, the run wrote {lines}")
    # ru_maxrss of children is the largest of any child so far; runs go smallest first, so it is this run's
    return count / elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    base = statistics.median(baseline() for _ in range(3))
    print(f"baseline (naive faker, four-person families/s, median of 3): {base:,.0f}")
    results = []
    for size in sizes:
        repeat = args.repeat if size <= 100_000 else 1
        runs = [run(size, args.jobs) for _ in range(repeat)]
        rate = statistics.median(r for r, _ in runs)
        rss = max(m for _, m in runs)
        results.append(
            {
                "cases": size,
                "jobs": args.jobs,
                "runs": repeat,
                "cases_per_s": round(rate),
                "peak_rss_mib": round(rss),
                "x_baseline": round(rate / base, 2),
            }
        )
        print(
            f"{size:>9,} cases, {args.jobs} job(s): {rate:,.0f} cases/s (median of {repeat}), peak RSS {rss:,.0f} MiB, {rate / base:.2f}x baseline"
        )
    print(json.dumps({"baseline_families_per_s": round(base), "results": results}, indent=2))


if __name__ == "__main__":
    main()
