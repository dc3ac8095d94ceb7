"""Benchmark the conformance kit's own overhead against a fast engine over the JSONL protocol.

Baseline: the engine reading every message the kit would send (cobsim-conform/2, order track) from a file on stdin,
alone (no kit). Then the kit runs the same engine over the same cases, as ``cobsim conform`` does: read and check
the fixtures, start the engine, send, read and decode each answer, grade it, explain each failure, and stream the
results into the three reports. Both are timed in the same run, alternately, ``--repeat`` times; the figures are
medians. The target (issue 16): the kit's run takes at most 1.5x the engine's own time (wall clock, the engine's
start-up included in both). CPU seconds are shown too (the kit's process and the engine's), as the wall clock of
two processes depends on what else the machine runs: the load average is printed before and after.

Engines: ``replay`` answers every case with its expected answer from a table (the fastest correct engine there
can be: the kit's cost on passing cases), ``naive`` is the example engine that is wrong on most cases (the kit then
also pays for explaining each failure), ``cobsim`` is cobsim's own engine behind the protocol.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cobsim.conform import CommandEngine, FixtureSet, run  # noqa: E402
from cobsim.conform.protocol import message  # noqa: E402
from cobsim.conform.report import Recorder  # noqa: E402
from generators.produce import Options, generate_lines  # noqa: E402

TARGET = 1.5  #: issue 16: the kit's run at most this many times the engine's own time
ENGINES = {
    "naive": ROOT / "examples" / "engines" / "naive_engine.py",
    "cobsim": ROOT / "examples" / "engines" / "cobsim_adapter.py",
}
REPLAY = """
import json, sys
table = {}
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        data = json.loads(line)
        exp = data["expected"]
        answer = {"id": data["id"], "status": exp["status"], "order": exp["order"]}
        if exp["status"] != "determined":
            answer["coverages"] = exp["order"]
        if exp.get("payments"):
            answer["payments"] = exp["payments"]
            answer["patient_owes"] = exp["patient_owes"]
        table[data["id"]] = json.dumps(answer) + "\\n"
sys.stdout.write(json.dumps({"protocol": "cobsim-conform/2", "name": "replay", "statuses": ["determined", "shared",
    "indeterminate"]}) + "\\n")
sys.stdout.flush()
out = sys.stdout
for line in sys.stdin:
    out.write(table[json.loads(line)["case"]["id"]])
    out.flush()
"""


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=["replay", "naive", "cobsim"], default="replay", help="the engine to run")
    parser.add_argument("--fixtures", type=Path, help="a JSONL fixture file to use instead of generating --cases")
    args = parser.parse_args()
    load_before = _load()
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = Path(tmp) / "fixtures.jsonl"
        if args.fixtures is not None:
            lines = args.fixtures.read_text(encoding="utf-8").splitlines(keepends=True)
        else:
            lines = list(generate_lines(["all"], args.cases, 1, options=Options(payments="mixed"), jobs=2, chunk=1000))
        cases = len(lines)
        fixtures.write_text("".join(lines), encoding="utf-8")
        if args.engine == "replay":
            (Path(tmp) / "replay.py").write_text(REPLAY, encoding="utf-8")
            command = [sys.executable, str(Path(tmp) / "replay.py"), str(fixtures)]
        else:
            command = [sys.executable, str(ENGINES[args.engine])]
        bare = Path(tmp) / "messages.jsonl"
        with bare.open("w", encoding="utf-8") as handle:
            for line in lines:
                data = json.loads(line)
                data.pop("expected")
                handle.write(json.dumps(message(data, "order", "cobsim-conform/2", None), separators=(",", ":")))
                handle.write("\n")
        alone, alone_cpu, kit, kit_cpu, kit_engine_cpu = [], [], [], [], []
        for k in range(args.repeat):
            with bare.open("rb") as stdin:
                c0, t0 = _children_cpu(), time.perf_counter()
                subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, check=True)
                alone.append(time.perf_counter() - t0)
                alone_cpu.append(_children_cpu() - c0)
            c0, p0, t0 = _children_cpu(), time.process_time(), time.perf_counter()
            recorder = Recorder(Path(tmp) / f"out-{k}")
            fixture_set = FixtureSet.open(fixtures)  # as cobsim conform does: the fixtures first, then the engine
            engine = CommandEngine(shlex.join(command))
            result = run(engine, fixture_set, source="bench", on_result=recorder, keep=False)
            engine.close()
            recorder.write(recorder.data(result, fixtures=fixture_set.describe(), extra={"engine_stderr": None}))
            kit.append(time.perf_counter() - t0)
            kit_cpu.append(time.process_time() - p0)
            kit_engine_cpu.append(_children_cpu() - c0)
            assert sum(result.counts.values()) == cases
            assert args.engine != "replay" or result.counts["pass"] == cases, result.counts
    a, k = statistics.median(alone), statistics.median(kit)
    ratio = k / a
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"engine: {args.engine}; {cases:,} cases; graded: {dict(result.counts)}; median of {args.repeat}")
    print(
        f"engine alone:  {a:.2f} s ({cases / a:,.0f} cases/s); CPU {statistics.median(alone_cpu):.2f} s "
        f"(runs: {', '.join(f'{x:.2f}' for x in alone)} s)"
    )
    print(
        f"through the kit, reports included: {k:.2f} s ({cases / k:,.0f} cases/s); CPU: the kit's process "
        f"{statistics.median(kit_cpu):.2f} s ({statistics.median(kit_cpu) / cases * 1e6:.0f} us a case), the engine "
        f"{statistics.median(kit_engine_cpu):.2f} s (runs: {', '.join(f'{x:.2f}' for x in kit)} s)"
    )
    verdict = "PASS" if ratio <= TARGET else "MISS"
    print(f"kit / alone = {ratio:.2f}x (target <= {TARGET}x: {verdict})")
    print(
        f"load average (1/5/15 min) before {load_before}, after {_load()}; peak RSS of the kit's process {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
