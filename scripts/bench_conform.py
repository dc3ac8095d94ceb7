"""Benchmark the conformance kit's own overhead against a fast engine over the JSONL protocol.

Baseline: the engine reading every message the kit would send (cobsim-conform/2, order track) from a file on stdin,
alone (no kit). Then the kit runs the same engine over the same cases, as ``cobsim conform`` does: read and check
the fixtures, send, read and decode each answer, grade it, explain each failure, and stream the results into the
three reports. Both are timed in the same run; medians of ``--repeat`` runs.

Engines: ``replay`` answers every case with its expected answer from a table (the fastest correct engine there
can be: the kit's cost on passing cases), ``naive`` is the example engine that is wrong on most cases (the kit then
also pays for explaining each failure), ``cobsim`` is cobsim's own engine behind the protocol.
"""

from __future__ import annotations

import argparse
import json
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=["replay", "naive", "cobsim"], default="replay", help="the engine to run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = Path(tmp) / "fixtures.jsonl"
        if args.engine == "replay":
            (Path(tmp) / "replay.py").write_text(REPLAY, encoding="utf-8")
            command = [sys.executable, str(Path(tmp) / "replay.py"), str(fixtures)]
        else:
            command = [sys.executable, str(ENGINES[args.engine])]
        bare = Path(tmp) / "messages.jsonl"
        lines = list(generate_lines(["all"], args.cases, 1, options=Options(payments="mixed"), jobs=2, chunk=1000))
        fixtures.write_text("".join(lines), encoding="utf-8")
        with bare.open("w", encoding="utf-8") as handle:
            for line in lines:
                data = json.loads(line)
                data.pop("expected")
                handle.write(json.dumps(message(data, "order", "cobsim-conform/2", None), separators=(",", ":")))
                handle.write("\n")
        alone, kit = [], []
        for k in range(args.repeat):
            with bare.open("rb") as stdin:
                t0 = time.perf_counter()
                subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, check=True)
                alone.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            engine = CommandEngine(shlex.join(command))
            recorder = Recorder(Path(tmp) / f"out-{k}")
            fixture_set = FixtureSet.open(fixtures)
            result = run(engine, fixture_set, source="bench", on_result=recorder, keep=False)
            engine.close()
            recorder.write(recorder.data(result, fixtures=fixture_set.describe(), extra={"engine_stderr": None}))
            kit.append(time.perf_counter() - t0)
            assert sum(result.counts.values()) == args.cases
            assert args.engine != "replay" or result.counts["pass"] == args.cases, result.counts
    a, k = statistics.median(alone), statistics.median(kit)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"engine: {args.engine}; graded: {dict(result.counts)}")
    print(f"engine alone over {args.cases:,} cases: {a:.2f} s ({args.cases / a:,.0f} cases/s), median of {args.repeat}")
    print(f"through the kit, reports included: {k:.2f} s ({args.cases / k:,.0f} cases/s); kit / alone = {k / a:.2f}x")
    print(f"peak RSS of the kit's process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
