"""Benchmark the conformance kit's own overhead against a fast engine over the JSONL protocol.

Baseline: the example naive engine reading every case from a file on stdin, alone (no kit). Then the kit runs the
same engine over the same cases through ``cobsim conform``'s runner (read fixtures, send, read, grade). The kit's
overhead target: total time at most 2x the engine's own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cobsim.conform import CommandEngine, read_fixtures, run  # noqa: E402
from generators.produce import Options, generate_lines  # noqa: E402

ENGINES = {
    "naive": ROOT / "examples" / "engines" / "naive_engine.py",
    "cobsim": ROOT / "examples" / "engines" / "cobsim_adapter.py",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=["naive", "cobsim"], default="naive", help="the example engine to run")
    args = parser.parse_args()
    engine_file = ENGINES[args.engine]
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = Path(tmp) / "fixtures.jsonl"
        bare = Path(tmp) / "cases.jsonl"
        lines = list(generate_lines(["all"], args.cases, 1, options=Options(payments="mixed"), jobs=2, chunk=1000))
        fixtures.write_text("".join(lines), encoding="utf-8")
        with bare.open("w", encoding="utf-8") as handle:
            for line in lines:
                data = json.loads(line)
                data.pop("expected")
                handle.write(json.dumps(data, separators=(",", ":")) + "\n")
        alone, kit = [], []
        for _ in range(args.repeat):
            with bare.open("rb") as stdin:
                t0 = time.perf_counter()
                subprocess.run([sys.executable, str(engine_file)], stdin=stdin, stdout=subprocess.DEVNULL, check=True)
                alone.append(time.perf_counter() - t0)
            engine = CommandEngine(f"{sys.executable} {engine_file}")
            t0 = time.perf_counter()
            result = run(engine, read_fixtures(fixtures), source="bench")
            kit.append(time.perf_counter() - t0)
            engine.close()
            assert len(result.results) == args.cases
    a, k = statistics.median(alone), statistics.median(kit)
    print(f"engine: {args.engine}")
    print(f"engine alone over {args.cases:,} cases: {a:.2f} s ({args.cases / a:,.0f} cases/s), median of {args.repeat}")
    print(f"through the kit: {k:.2f} s ({args.cases / k:,.0f} cases/s); kit total / engine alone = {k / a:.2f}x")


if __name__ == "__main__":
    main()
