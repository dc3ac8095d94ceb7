"""Answerability of the course's quiz questions: perturb every fact a question does not show, re-solve, compare.

Usage: ``python scripts/check_answerability.py [--questions 2000] [--lesson ID]``. Prints, per lesson, how many
questions were checked, how many were answerable (the key never changed), how many perturbed cases were solved and
how many perturbations the case model refused; exits 1 if any question was not answerable.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cobsim.services.answerability import survey
from cobsim.services.curriculum import load_curriculum
from cobsim.services.quiz import Quiz, key_of
from ui.state import case_source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000, help="questions per lesson")
    parser.add_argument("--lesson", default=None, help="one lesson id (default: every lesson)")
    args = parser.parse_args()
    course = load_curriculum()
    quiz = Quiz(course, case_source)
    bad = 0
    print(f"{'lesson':38} {'questions':>9} {'answerable':>10} {'share':>7} {'solves':>8} {'refused':>7} {'s':>6}")
    for lesson in course.lessons:
        if args.lesson and lesson.id != args.lesson:
            continue
        start = time.perf_counter()
        s = survey(quiz, lesson.id, lesson.questions, args.questions, key_of=key_of)
        took = time.perf_counter() - start
        print(
            f"{lesson.id:38} {s.questions:9d} {s.answerable:10d} {s.share:7.1%} {s.solves:8d} {s.invalid:7d} "
            f"{took:6.0f}",
            flush=True,
        )
        for failure in s.failures[:5]:
            print("   ", failure)
        bad += s.questions - s.answerable
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
