"""Benchmark: `cobsim generate` (build the family, solve it, add payments, write JSONL) against a naive baseline.

In one run it prints:

- the baseline: a naive generator that calls faker once per field for a four-person family, in families per
  CPU-second (median of 3), measured in this run because the machine is shared and its speed varies;
- `cobsim generate` for each size (``--sizes``), each ``--jobs`` setting and, with ``--dask local[2]``, on a
  local Dask cluster: cases per CPU-second (the child's own rusage, worker processes included) and per wall
  second, medians of ``--repeat``, the ratio to the baseline, the largest peak RSS of any one process, and
  PASS/MISS against the target of issue 16: generate + solve + pay + write >= 3,000 cases per CPU-second;
- for Dask, the fixed cost of starting the cluster (a run of 0 cases) and the rate without it;
- the memory check of the bounded window: `cobsim generate --jobs 2` writing to a pipe that a slow reader (a
  child process) drains at ``--reader-mbps`` (by default a quarter of the rate `--jobs 2` writes at when the
  check starts, so the reader is the slow side however busy the machine); the writer's peak RSS (VmHWM) for two
  sizes, which stays flat, next to the same run with every chunk submitted up front (as before the window);
- os.getloadavg() before and after, since a busy machine makes every figure worse.

Usage:
    python scripts/bench_generate.py [--sizes 10000] [--repeat 3] [--jobs 1,2] [--dask local[2]]
        [--window-sizes 2000,8000] [--reader-mbps MB/S] [--no-window-check] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from faker import Faker

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3000  # cases per CPU-second: generate + solve + pay + write (issue 16)


def baseline(families: int = 2000) -> float:
    """Naive faker: every field of a four-person family from a fresh faker call (families per CPU-second)."""
    fake = Faker("en_US")
    fake.seed_instance(1)
    start = time.process_time()
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
    return families / (time.process_time() - start)


def _wait(proc: subprocess.Popen[bytes]) -> tuple[float, float]:
    """(CPU seconds, peak RSS MiB) of a finished child: its own rusage with every process it waited for."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{proc.args} exited with {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def generate_cmd(count: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cobsim.cli",
        "generate",
        "--count",
        str(count),
        "--seed",
        "1",
        "--no-progress",
        *extra,
    ]


def run(count: int, extra: list[str]) -> dict[str, float]:
    """One `cobsim generate` writing a JSONL file (then deleted): CPU and wall seconds, peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cases.jsonl"
        start = time.perf_counter()
        proc = subprocess.Popen([*generate_cmd(count, "--out", str(out)), *extra], cwd=ROOT)
        cpu, rss = _wait(proc)
        wall = time.perf_counter() - start
        with out.open("rb") as handle:
            lines = sum(1 for _ in handle)
    if lines != count:
        raise SystemExit(f"expected {count} cases, the run wrote {lines}")
    return {"cpu": cpu, "wall": wall, "rss": rss}


# the reader: drains standard input at a set rate (bytes per second), 64 KiB at a time
SLOW_READER = """
import sys, time
rate, got, start = float(sys.argv[1]), 0, time.monotonic()
while block := sys.stdin.buffer.read1(65536):
    got += len(block)
    ahead = got / rate - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
"""

# the behaviour before the window: every chunk submitted to the pool up front (cobsim.cli imported, as in the CLI)
UNBOUNDED = """
import sys
import cobsim.cli
from generators.produce import generate_lines
count = int(sys.argv[1])
for line in generate_lines(["all"], count, 1, jobs=2, window=count // 500 + 1):
    sys.stdout.write(line)
"""


def writer_peak(cmd: list[str], reader_rate: float) -> tuple[float, float]:
    """(writer's peak RSS in MiB, wall seconds) of ``cmd`` writing JSONL into a pipe drained by a slow reader."""
    reader = subprocess.Popen([sys.executable, "-c", SLOW_READER, str(reader_rate)], stdin=subprocess.PIPE)
    start = time.perf_counter()
    writer = subprocess.Popen(cmd, stdout=reader.stdin, cwd=ROOT)
    assert reader.stdin is not None
    reader.stdin.close()
    peak = 0.0
    status = Path(f"/proc/{writer.pid}/status")
    while writer.poll() is None:  # VmHWM: the writer's own high-water mark (its workers not included)
        try:
            for row in status.read_text().splitlines():
                if row.startswith("VmHWM:"):
                    peak = max(peak, int(row.split()[1]) / 1024)
        except OSError:
            break
        time.sleep(0.05)
    reader.wait()
    if writer.returncode or reader.returncode:
        raise SystemExit(f"slow-reader run failed: writer {writer.returncode}, reader {reader.returncode}")
    return peak, time.perf_counter() - start


def calibrate_reader(count: int = 2000) -> float:
    """A reader rate (bytes per second) a quarter of what `--jobs 2` writes now, so the reader is the slow side
    however loaded the machine is."""
    start = time.perf_counter()
    done = subprocess.run(generate_cmd(count, "--jobs", "2"), capture_output=True, check=True, cwd=ROOT)
    return len(done.stdout) / (time.perf_counter() - start) / 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="case counts, comma-separated (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--jobs", default="1", help="--jobs settings to measure, comma-separated (default 1)")
    parser.add_argument("--dask", default=None, metavar="SPEC", help="also measure `--dask SPEC`, e.g. local[2]")
    parser.add_argument("--payments", default="mixed", help="always | never | mixed (the default of generate)")
    parser.add_argument("--window-sizes", default="2000,8000", help="sizes of the slow-reader memory check")
    parser.add_argument(
        "--reader-mbps", type=float, default=0, help="the slow reader's rate in MB/s (default: a quarter of --jobs 2's)"
    )
    parser.add_argument("--no-window-check", action="store_true", help="skip the slow-reader memory check")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    load_before = os.getloadavg()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)} ({os.cpu_count()} cores)")

    base = statistics.median(baseline() for _ in range(3))
    print(f"baseline (naive faker, four-person families per CPU-second, median of 3): {base:,.0f}")

    settings: list[tuple[str, list[str]]] = [(f"--jobs {j}", ["--jobs", j]) for j in args.jobs.split(",") if j.strip()]
    if args.dask:
        settings.append((f"--dask {args.dask}", ["--dask", args.dask]))
    results: list[dict[str, Any]] = []
    for label, option in settings:
        extra = [*option, "--payments", args.payments]
        fixed = None
        if option[0] == "--dask":  # the cluster's start and stop, measured alone
            idle = [run(0, extra) for _ in range(args.repeat)]
            fixed = {k: statistics.median(r[k] for r in idle) for k in ("cpu", "wall")}
            print(f"{label}: starting and stopping the cluster costs {fixed['cpu']:.2f} CPU-s, {fixed['wall']:.2f} s")
        for size in sizes:
            runs = [run(size, extra) for _ in range(args.repeat)]
            cpu_rate = statistics.median(size / r["cpu"] for r in runs)
            wall_rate = statistics.median(size / r["wall"] for r in runs)
            rss = max(r["rss"] for r in runs)
            row: dict[str, Any] = {
                "setting": label,
                "cases": size,
                "runs": len(runs),
                "cases_per_cpu_s": round(cpu_rate),
                "cases_per_wall_s": round(wall_rate),
                "x_baseline": round(cpu_rate / base, 2),
                "peak_rss_mib": round(rss),
                "target": "PASS" if cpu_rate >= TARGET else "MISS",
            }
            extra_text = ""
            if fixed is not None:
                net = statistics.median(size / max(r["cpu"] - fixed["cpu"], 1e-9) for r in runs)
                row["cases_per_cpu_s_without_cluster_start"] = round(net)
                extra_text = f", {net:,.0f}/CPU-s without the cluster's start"
            results.append(row)
            print(
                f"{size:>9,} cases, {label}: {cpu_rate:,.0f} cases/CPU-s, {wall_rate:,.0f} cases/s wall "
                f"(median of {len(runs)}){extra_text}; {cpu_rate / base:.2f}x baseline; peak RSS {rss:,.0f} MiB; "
                f"{row['target']} (target >= {TARGET:,} cases/CPU-s)"
            )

    window: list[dict[str, Any]] = []
    if not args.no_window_check:
        rate = args.reader_mbps * 1e6 if args.reader_mbps else calibrate_reader()
        print(f"bounded window: --jobs 2 into a pipe read at {rate / 1e6:.2f} MB/s; the writer's peak RSS")
        for size in (int(x) for x in args.window_sizes.split(",")):
            bounded, seconds = writer_peak([*generate_cmd(size, "--jobs", "2")], rate)
            unbounded, _ = writer_peak([sys.executable, "-c", UNBOUNDED, str(size)], rate)
            window.append({"cases": size, "bounded_mib": round(bounded, 1), "all_up_front_mib": round(unbounded, 1)})
            print(
                f"{size:>9,} cases: {bounded:,.1f} MiB with the window (run took {seconds:.0f} s); "
                f"{unbounded:,.1f} MiB with every chunk submitted up front"
            )

    load_after = os.getloadavg()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in load_after)}")
    summary = {
        "measured": time.strftime("%Y-%m-%d %H:%M"),
        "python": sys.version.split()[0],
        "load_before": load_before,
        "load_after": load_after,
        "baseline_families_per_cpu_s": round(base),
        "target_cases_per_cpu_s": TARGET,
        "results": results,
        "window": window,
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
