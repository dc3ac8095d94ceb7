"""Benchmark the app's server side: time to show a new question, and time to build a fixture ZIP.

* question: building one quiz question (generate a case, solve it, build the options) plus everything the page
  renders from it (biller view, DOT of the payer graph) - for every question of every lesson of the course;
* page: a full Streamlit script run of the Practise page showing a new question (AppTest), repeated;
* fixtures: a ZIP of N cases with 1 and 2 worker processes.

Medians are reported (machines here are shared and noisy).

Usage:
    python scripts/bench_app.py [--zip-cases 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from cobsim.graph import payer_graph, to_dot  # noqa: E402
from cobsim.services.curriculum import QuestionKind, load_curriculum  # noqa: E402
from cobsim.services.fixtures import build_zip  # noqa: E402
from cobsim.services.quiz import Quiz, biller_view  # noqa: E402
from generators.identity import FAKER_VERSION  # noqa: E402
from generators.produce import generate_lines  # noqa: E402
from ui.state import case_source  # noqa: E402


def question_times(class_code: int) -> list[float]:
    curriculum = load_curriculum()
    quiz = Quiz(curriculum, case_source)
    times = []
    for lesson in curriculum.lessons:
        for i in range(lesson.questions):
            start = time.perf_counter()
            q = quiz.question(lesson.id, class_code, i)
            biller_view(q.case, q.determination, show_primary_eob=q.kind is QuestionKind.PAYMENT)
            to_dot(payer_graph(q.case, q.determination))
            times.append((time.perf_counter() - start) * 1000)
    return times


def page_times(repeat: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COBSIM_DB"] = str(Path(tmp) / "p.db")
        for i in range(repeat):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.query_params["name"] = f"Bench {chr(65 + i % 26)}{chr(97 + i // 26)}"  # names hold letters only
            at.query_params["class"] = str(100 + i)  # a new question every time
            at.run()
            start = time.perf_counter()
            next(b for b in at.button if b.label == "Start the questions").click().run()
            times.append((time.perf_counter() - start) * 1000)
            assert not at.exception
    return times


def zip_seconds(count: int, jobs: int) -> float:
    start = time.perf_counter()
    data = build_zip(
        generate_lines(["all"], count, 11, jobs=jobs, chunk=1000),
        seed=11,
        scenarios=["all"],
        faker_version=FAKER_VERSION,
    )
    elapsed = time.perf_counter() - start
    assert len(data) > 1000
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zip-cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    q = question_times(0) + question_times(1)
    q.sort()
    print(
        f"new question (service + render data): {len(q)} questions, median {statistics.median(q):.1f} ms, p95 {q[int(len(q) * 0.95)]:.1f} ms, max {q[-1]:.1f} ms"
    )
    p = page_times(max(5, args.repeat))
    print(
        f"Practise page script run with a new question (AppTest): median {statistics.median(p):.0f} ms of {len(p)} runs"
    )
    for jobs in (1, 2):
        runs = [zip_seconds(args.zip_cases, jobs) for _ in range(args.repeat)]
        print(
            f"fixture ZIP of {args.zip_cases:,} cases with {jobs} job(s): median {statistics.median(runs):.2f} s of {len(runs)} runs"
        )


if __name__ == "__main__":
    main()
