"""Trainee progress in SQLite: every answer is committed as it is given.

The database is a single file: ``COBSIM_DB`` when set, else ``.cobsim/progress.db`` under the working folder.
Each operation opens its own connection (Streamlit serves sessions from several threads), so a restart or a
closed browser tab loses nothing that was answered.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cobsim.errors import InvalidInput

SCHEMA = """
CREATE TABLE IF NOT EXISTS trainees (
    name TEXT PRIMARY KEY,
    class_code INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trainee TEXT NOT NULL REFERENCES trainees(name),
    class_code INTEGER NOT NULL,
    lesson TEXT NOT NULL,
    question TEXT NOT NULL,
    kind TEXT NOT NULL,
    rule TEXT NOT NULL,
    correct INTEGER NOT NULL,
    given TEXT NOT NULL,
    expected TEXT NOT NULL,
    misconception TEXT,
    answered_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_trainee ON attempts(trainee, lesson);
"""

_NAME = re.compile(r"^[^\x00-\x1f\x7f<>]{1,60}$")


def default_path() -> Path:
    return Path(os.environ.get("COBSIM_DB") or Path.cwd() / ".cobsim" / "progress.db")


def clean_name(name: str) -> str:
    """A trainee name: 1 to 60 printable characters, no angle brackets.

    Raises:
        InvalidInput: the name is empty, too long or has control characters.
    """
    name = " ".join(name.split())
    if not _NAME.match(name):
        raise InvalidInput("a name is 1 to 60 characters, letters, digits and punctuation (no < or >)")
    return name


@dataclass(frozen=True)
class Attempt:
    trainee: str
    class_code: int
    lesson: str
    question: str
    kind: str
    rule: str
    correct: bool
    given: str
    expected: str
    misconception: str | None
    answered_at: str


@dataclass(frozen=True)
class Mastery:
    key: str  #: rule id or lesson id
    attempts: int
    correct: int

    @property
    def share(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class LessonResult:
    """A trainee's standing in one lesson, from the latest answer to each of its questions."""

    answered: int
    right: int
    total: int
    pass_mark: float

    @property
    def complete(self) -> bool:
        return self.answered >= self.total

    @property
    def passed(self) -> bool:
        return self.complete and self.right / self.total >= self.pass_mark


class ProgressStore:
    """Trainees and their answers in one SQLite file."""

    def __init__(self, path: Path | str | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.clock = clock or (lambda: datetime.now(UTC))
        with self._connect() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            yield db
            db.commit()
        finally:
            db.close()

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # ------------------------------------------------------------------------------------- trainees

    def enrol(self, name: str, class_code: int = 0) -> str:
        """Create the trainee if new (or update their class code); returns the cleaned name."""
        name = clean_name(name)
        with self._connect() as db:
            db.execute(
                "INSERT INTO trainees(name, class_code, created) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET class_code = excluded.class_code",
                (name, class_code, self._now()),
            )
        return name

    def trainees(self) -> list[tuple[str, int]]:
        with self._connect() as db:
            return [(r[0], r[1]) for r in db.execute("SELECT name, class_code FROM trainees ORDER BY name")]

    # ------------------------------------------------------------------------------------- attempts

    def record(
        self,
        trainee: str,
        *,
        class_code: int,
        lesson: str,
        question: str,
        kind: str,
        rule: str,
        correct: bool,
        given: str,
        expected: str,
        misconception: str | None = None,
    ) -> None:
        """Commit one answer now."""
        trainee = self.enrol(trainee, class_code)
        with self._connect() as db:
            db.execute(
                "INSERT INTO attempts(trainee, class_code, lesson, question, kind, rule, correct, given, expected, "
                "misconception, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    trainee,
                    class_code,
                    lesson,
                    question,
                    kind,
                    rule,
                    int(correct),
                    given,
                    expected,
                    misconception,
                    self._now(),
                ),
            )

    def attempts(self, trainee: str | None = None) -> list[Attempt]:
        query = (
            "SELECT trainee, class_code, lesson, question, kind, rule, correct, given, expected, misconception, answered_at "
            "FROM attempts"
        )
        args: tuple[str, ...] = ()
        if trainee is not None:
            query += " WHERE trainee = ?"
            args = (clean_name(trainee),)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY id", args).fetchall()
        return [Attempt(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8], r[9], r[10]) for r in rows]

    def answered(self, trainee: str, lesson: str) -> set[str]:
        """Question ids the trainee has answered in a lesson (to resume where they left off)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT DISTINCT question FROM attempts WHERE trainee = ? AND lesson = ?", (clean_name(trainee), lesson)
            )
            return {r[0] for r in rows}

    # -------------------------------------------------------------------------------------- mastery

    def _mastery(self, trainee: str, column: str) -> list[Mastery]:
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {column}, COUNT(*), SUM(correct) FROM attempts WHERE trainee = ? GROUP BY {column} "  # noqa: S608
                f"ORDER BY {column}",
                (clean_name(trainee),),
            ).fetchall()
        return [Mastery(r[0], r[1], r[2] or 0) for r in rows]

    def by_rule(self, trainee: str) -> list[Mastery]:
        return self._mastery(trainee, "rule")

    def by_lesson(self, trainee: str) -> list[Mastery]:
        return self._mastery(trainee, "lesson")

    def lesson_result(
        self, trainee: str, lesson: str, *, total: int, pass_mark: float, class_code: int | None = None
    ) -> LessonResult:
        """Answered and right among a lesson's questions (latest answer per question), and whether it is passed:
        every question answered and the share right at least the pass mark."""
        latest: dict[str, bool] = {}
        for a in self.attempts(trainee):
            if a.lesson == lesson and (class_code is None or a.class_code == class_code):
                latest[a.question] = a.correct
        return LessonResult(len(latest), sum(latest.values()), total, pass_mark)

    def weakest(self, trainee: str, n: int = 3) -> list[Mastery]:
        """Rules with the lowest share of right answers (ties: more attempts first)."""
        rules = [m for m in self.by_rule(trainee) if m.share < 1.0]
        return sorted(rules, key=lambda m: (m.share, -m.attempts, m.key))[:n]

    # --------------------------------------------------------------------------------------- export

    def export_csv(self, class_code: int | None = None) -> str:
        """Every attempt (of one class, or all) as CSV, for instructors."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "trainee",
                "class_code",
                "lesson",
                "question",
                "kind",
                "rule",
                "correct",
                "given",
                "expected",
                "misconception",
                "answered_at",
            ]
        )
        for a in self.attempts():
            if class_code is not None and a.class_code != class_code:
                continue
            writer.writerow(
                [
                    _csv_safe(a.trainee),
                    a.class_code,
                    a.lesson,
                    a.question,
                    a.kind,
                    a.rule,
                    int(a.correct),
                    _csv_safe(a.given),
                    _csv_safe(a.expected),
                    a.misconception or "",
                    a.answered_at,
                ]
            )
        return out.getvalue()


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
