"""Fuzz cobsim's boundary with mutated case documents, through the library and the real command line.

    .venv/bin/python scripts/fuzz_boundaries.py --count 100000 --jobs 2 --cli 2000

Each document is a valid case with one to three mutations (``tests/fuzzing.py``), reproducible from ``--seed``
and its index. Library: every document is read with ``cobsim.io.case_from_json`` and judged - refused with a
bounded, printable sentence, or accepted, schema-valid and solved; anything else is a failure, and a document
that takes more than ``--hang`` seconds is a hang. Command line: ``--cli`` documents go, 100 to a JSONL file,
through ``cobsim validate`` and ``cobsim check`` (exit 0 or 1, a line per bad document, the summary, no traceback,
no raw control character), and every 20th through ``cobsim solve`` and ``cobsim explain`` as a .json file (exit 0
or 2). The figures are printed at the end; failures are written to ``--out`` with their documents.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzzing import judge, mutated_document, seed_documents  # noqa: E402


class Hang(Exception):  # noqa: N818
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang


def document(seed: int, index: int) -> str | bytes:
    return mutated_document(random.Random(f"{seed}:{index}"))


def run_slice(args: tuple[int, int, int, float]) -> dict[str, Any]:
    """Judge documents ``start``..``stop``: counts, times, and the failures with their documents."""
    seed, start, stop, hang = args
    seed_documents()
    signal.signal(signal.SIGALRM, _alarm)
    counts: Counter[str] = Counter()
    times: list[float] = []
    failures: list[dict[str, Any]] = []
    for i in range(start, stop):
        doc = document(seed, i)
        signal.setitimer(signal.ITIMER_REAL, hang)
        began = time.perf_counter()
        try:
            outcome = judge(doc)
            verdict, kind, message = outcome.verdict, outcome.kind, outcome.message
        except Hang:
            verdict, kind, message = "failure", "hang", f"more than {hang} s"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - began)
        counts[f"{verdict}: {kind}"] += 1
        if verdict == "failure":
            shown = doc if isinstance(doc, str) else doc.decode("utf-8", "backslashreplace")
            failures.append({"index": i, "kind": kind, "message": message, "document": shown[:20_000]})
    return {"counts": counts, "times": times, "failures": failures}


def run_cli(seed: int, count: int, offset: int) -> dict[str, Any]:
    """Documents ``offset``.. through the installed ``cobsim`` command, as JSONL batches and single files."""
    cobsim = str(Path(sys.executable).with_name("cobsim"))
    counts: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for batch_start in range(offset, offset + count, 100):
            indices = range(batch_start, min(batch_start + 100, offset + count))
            docs = []
            for i in indices:
                doc = document(seed, i)
                data = doc if isinstance(doc, bytes) else doc.encode("utf-8", "surrogatepass")
                docs.append(data.replace(b"\n", b" ").replace(b"\r", b" "))
            path = Path(tmp) / f"batch-{batch_start}.jsonl"
            path.write_bytes(b"\n".join(docs) + b"\n")
            nonblank = sum(1 for d in docs if d.strip(b" \t\x0b\x0c"))
            for command in ("validate", "check"):
                done = subprocess.run([cobsim, command, str(path)], capture_output=True, timeout=600, check=False)
                out = done.stdout.decode("utf-8", "replace")
                lines = out.splitlines()
                problem = None
                if b"Traceback" in done.stdout + done.stderr or done.returncode not in (0, 1, 2):
                    problem = f"exit {done.returncode}: {done.stderr.decode('utf-8', 'replace')[-2000:]}"
                elif not all(line.isprintable() for line in lines):
                    problem = "a raw control character reached the console"
                elif command == "validate":
                    good, bad = (int(x.split()[0]) for x in lines[-1].split(", ")[:2])
                    if good + bad != nonblank or len(lines) != bad + 1:
                        problem = f"{good} + {bad} reported for {nonblank} documents in {len(lines)} lines"
                counts[f"cli {command}: exit {done.returncode}"] += 1
                if problem:
                    failures.append({"cli": command, "batch": batch_start, "problem": problem})
            for i in indices[::20]:
                single = Path(tmp) / "case.json"
                single.write_bytes(docs[i - batch_start])
                for command in ("solve", "explain"):
                    done = subprocess.run([cobsim, command, str(single)], capture_output=True, timeout=60, check=False)
                    counts[f"cli {command}: exit {done.returncode}"] += 1
                    text = done.stdout + done.stderr
                    if done.returncode not in (0, 2) or b"Traceback" in text or b"\x1b" in text:
                        failures.append(
                            {"cli": command, "index": i, "problem": f"exit {done.returncode}: {text[-2000:]!r}"}
                        )
    return {"counts": counts, "failures": failures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="documents through the library")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cli", type=int, default=0, help="documents also through the real command line")
    parser.add_argument("--hang", type=float, default=5.0, help="seconds after which a document is a hang")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures.json"))
    args = parser.parse_args()

    began = time.perf_counter()
    chunk = 1_000
    tasks = [(args.seed, a, min(a + chunk, args.count), args.hang) for a in range(0, args.count, chunk)]
    counts: Counter[str] = Counter()
    times: list[float] = []
    failures: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for result in pool.map(run_slice, tasks):
            counts.update(result["counts"])
            times.extend(result["times"])
            failures.extend(result["failures"])
    library_seconds = time.perf_counter() - began
    cli: dict[str, Any] = {"counts": Counter(), "failures": []}
    if args.cli:
        cli = run_cli(args.seed, args.cli, offset=args.count)
        failures.extend(cli["failures"])

    print(f"library: {args.count:,} mutated documents (seed {args.seed}) in {library_seconds:.0f} s, {args.jobs} jobs")
    for key, n in sorted(counts.items()):
        print(f"  {key:45} {n:>8,}")
    if times:
        cuts = statistics.quantiles(times, n=100)
        print(
            f"  seconds per document: median {statistics.median(times) * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms, "
            f"max {max(times):.2f} s; over {args.hang:g} s: {sum(t > args.hang for t in times)}"
        )
    if args.cli:
        print(f"command line: {args.cli:,} documents")
        for key, n in sorted(cli["counts"].items()):
            print(f"  {key:45} {n:>8,}")
    print(f"failures: {len(failures)}")
    if failures:
        args.out.write_text(json.dumps(failures, indent=1, ensure_ascii=True))
        print(f"  written to {args.out}")
        for f in failures[:5]:
            print("  -", f.get("kind") or f.get("problem", "")[:300], (f.get("message") or "")[-500:])
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
