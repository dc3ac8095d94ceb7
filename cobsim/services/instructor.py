"""What an instructor sees of a class: roster, mastery per rule, misconceptions, item statistics, CSV exports;
and the operator's password that guards it.

The password is set by whoever runs the app, never in code: the environment variable
``COBSIM_INSTRUCTOR_PASSWORD_HASH`` (a hash made by ``python -m cobsim.services.instructor``) or
``COBSIM_INSTRUCTOR_PASSWORD``, or the same keys in lower case (``instructor_password_hash``,
``instructor_password``) in Streamlit's ``.streamlit/secrets.toml``. The entered password is hashed and the hashes
are compared in constant time; a plain password from the environment is hashed once per process.

Item statistics follow classical test theory, per question *template* (lesson / question kind / scenario): the
**difficulty** index p is the share of answers that were right (very high or very low p tells little), and the
**discrimination** is the corrected item-total correlation: across trainees, the Pearson correlation between a
trainee's share right on this template and their share right on every other answer. A template that strong
trainees miss as often as weak ones (discrimination under 0.1) is worth a look.
"""

from __future__ import annotations

import csv
import getpass
import io
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from cobsim.errors import InvalidInput
from cobsim.rules.registry import RULES_BY_ID
from cobsim.services import review
from cobsim.services.curriculum import Curriculum
from cobsim.services.identity import hash_secret, verify_secret
from cobsim.services.misconceptions import BY_ID as MISCONCEPTIONS
from cobsim.services.store import Answer, ProgressStore, Trainee

ENV_HASH = "COBSIM_INSTRUCTOR_PASSWORD_HASH"
ENV_PLAIN = "COBSIM_INSTRUCTOR_PASSWORD"
SECRET_HASH = "instructor_password_hash"  # noqa: S105  (the name of a secrets.toml key, not a password)
SECRET_PLAIN = "instructor_password"  # noqa: S105  (the name of a secrets.toml key)
MIN_PASSWORD = 8
LOW_DISCRIMINATION = 0.1
MIN_TRAINEES_FOR_STATS = 3

HOW_TO_SET = (
    "The instructor page is closed until the person running the app sets a password. Either start the app with "
    f"the environment variable {ENV_PLAIN} (at least {MIN_PASSWORD} characters), or better, put a hash made by "
    f'`python -m cobsim.services.instructor` in {ENV_HASH}; or add `{SECRET_HASH} = "..."` (or '
    f'`{SECRET_PLAIN} = "..."`) to `.streamlit/secrets.toml`. Then restart the app.'
)


# ------------------------------------------------------------------------------------------------ password


@dataclass(frozen=True)
class PasswordConfig:
    hash: str | None  #: None: no password set, the page stays closed
    source: str  #: where it came from, for the page to say
    problem: str | None = None  #: why a configured password is refused


@lru_cache(maxsize=4)
def _hash_plain(plain: str) -> str:
    return hash_secret(plain)


def password_config(env: Mapping[str, str], secrets: Mapping[str, Any] | None = None) -> PasswordConfig:
    """The operator's password, from the environment first, then Streamlit secrets."""
    secrets = secrets or {}
    candidates = [
        (env.get(ENV_HASH), True, ENV_HASH),
        (env.get(ENV_PLAIN), False, ENV_PLAIN),
        (secrets.get(SECRET_HASH), True, f"secrets.toml {SECRET_HASH}"),
        (secrets.get(SECRET_PLAIN), False, f"secrets.toml {SECRET_PLAIN}"),
    ]
    for raw, hashed, source in candidates:
        if not raw:
            continue
        value = str(raw)
        if hashed:
            try:
                verify_secret("", value)
            except InvalidInput as exc:
                return PasswordConfig(None, source, f"{source} is not a password hash: {exc}")
            return PasswordConfig(value.strip(), source)
        if len(value) < MIN_PASSWORD:
            return PasswordConfig(None, source, f"{source} is shorter than {MIN_PASSWORD} characters")
        return PasswordConfig(_hash_plain(value), source)
    return PasswordConfig(None, "")


def check_password(entered: str, config: PasswordConfig) -> bool:
    """Whether the entered password matches the operator's (False when none is set)."""
    if config.hash is None or not entered:
        return False
    return verify_secret(entered, config.hash)


# ------------------------------------------------------------------------------------------------- roster


@dataclass(frozen=True)
class TraineeSummary:
    trainee: Trainee
    answers: int
    right: int
    hints: int
    lessons_passed: tuple[str, ...]
    rules_met: int
    rules_mastered: int
    reviews_due: int
    last_answer: str

    @property
    def share(self) -> float:
        return self.right / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class ItemStat:
    template: str
    lesson: str
    kind: str
    scenario: str
    answers: int
    trainees: int
    difficulty: float  #: share right (p)
    discrimination: float | None  #: corrected item-total correlation; None when too few trainees

    @property
    def flag(self) -> str:
        if self.trainees < MIN_TRAINEES_FOR_STATS:
            return "too few trainees yet"
        notes = []
        if self.difficulty < 0.2:
            notes.append("very hard")
        if self.difficulty > 0.95:
            notes.append("very easy")
        if self.discrimination is not None and self.discrimination < LOW_DISCRIMINATION:
            notes.append("does not separate strong from weak trainees")
        return "; ".join(notes)


@dataclass(frozen=True)
class MisconceptionCount:
    id: str
    belief: str
    correction: str
    trainees: int
    answers: int


class ClassReport:
    """Everything the instructor page shows about one class, read once."""

    def __init__(self, store: ProgressStore, curriculum: Curriculum, class_code: int, now: datetime) -> None:
        self.class_code = class_code
        self.curriculum = curriculum
        self.now = now
        self.roster = store.roster(class_code)
        self.answers = store.answers(class_code=class_code)
        self.passes = store.class_passes(class_code)
        self.cards = {
            tid: {c.rule: review.view(c, now) for c in cards} for tid, cards in store.class_cards(class_code).items()
        }
        self.assigned = store.assigned(class_code)
        self._by_trainee: dict[int, list[Answer]] = defaultdict(list)
        for a in self.answers:
            self._by_trainee[a.trainee_id].append(a)

    def summaries(self) -> list[TraineeSummary]:
        out = []
        for t in self.roster:
            mine = self._by_trainee.get(t.id, [])
            cards = self.cards.get(t.id, {})
            out.append(
                TraineeSummary(
                    trainee=t,
                    answers=len(mine),
                    right=sum(a.correct for a in mine),
                    hints=sum(a.hinted for a in mine),
                    lessons_passed=tuple(x.id for x in self.curriculum.lessons if x.id in self.passes.get(t.id, set())),
                    rules_met=len(cards),
                    rules_mastered=sum(c.mastered for c in cards.values()),
                    reviews_due=sum(c.is_due for c in cards.values()),
                    last_answer=mine[-1].answered if mine else "",
                )
            )
        return out

    def rules(self) -> list[str]:
        """Rules any trainee of the class has met, in the curriculum's order."""
        met = {rule for cards in self.cards.values() for rule in cards}
        ordered = [r for lesson in self.curriculum.lessons for r in lesson.rules]
        ordered += sorted(met - set(ordered))
        return [r for r in dict.fromkeys(ordered) if r in met]

    def mastery(self) -> list[dict[str, str]]:
        """One row per trainee, one column per rule: mastered, due, learning (met, not mastered), or blank."""
        rows = []
        rules = self.rules()
        for t in self.roster:
            cards = self.cards.get(t.id, {})
            row = {"trainee": t.name}
            for r in rules:
                c = cards.get(r)
                row[r] = "" if c is None else "mastered" if c.mastered else "due" if c.is_due else "learning"
            rows.append(row)
        return rows

    def rule_mastery(self) -> list[dict[str, object]]:
        """Per rule: trainees who met it, and the share who have mastered it now."""
        out: list[dict[str, object]] = []
        for r in self.rules():
            views = [cards[r] for cards in self.cards.values() if r in cards]
            mastered = sum(v.mastered for v in views)
            out.append(
                {
                    "rule": r,
                    "title": RULES_BY_ID[r].title if r in RULES_BY_ID else r,
                    "trainees": len(views),
                    "mastered": mastered,
                    "share mastered": f"{mastered / len(views):.0%}" if views else "",
                }
            )
        return out

    def misconceptions(self, n: int = 5) -> list[MisconceptionCount]:
        """The misconceptions behind the class's wrong answers, most trainees first."""
        answers = Counter(a.misconception for a in self.answers if a.misconception)
        trainees = Counter(m for m, _ in {(a.misconception, a.trainee_id) for a in self.answers if a.misconception})
        ranked = sorted(answers, key=lambda m: (-trainees[m], -answers[m], m))[:n]
        return [
            MisconceptionCount(
                m,
                MISCONCEPTIONS[m].belief if m in MISCONCEPTIONS else m,
                MISCONCEPTIONS[m].correction if m in MISCONCEPTIONS else "",
                trainees[m],
                answers[m],
            )
            for m in ranked
        ]

    def items(self) -> list[ItemStat]:
        return item_statistics(a for a in self.answers if a.source == "lesson")


def item_statistics(answers: Iterable[Answer]) -> list[ItemStat]:
    """Difficulty and discrimination per question template (see the module docstring)."""
    answers = list(answers)
    per: dict[str, dict[int, list[bool]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[int, list[bool]] = defaultdict(list)
    for a in answers:
        per[a.template][a.trainee_id].append(a.correct)
        totals[a.trainee_id].append(a.correct)
    out = []
    for template, by_trainee in sorted(per.items()):
        flat = [ok for oks in by_trainee.values() for ok in oks]
        xs, ys = [], []
        for tid, oks in by_trainee.items():
            rest_n = len(totals[tid]) - len(oks)
            if rest_n <= 0:
                continue
            xs.append(sum(oks) / len(oks))
            ys.append((sum(totals[tid]) - sum(oks)) / rest_n)
        parts = [*template.split("/"), "", "", ""][:3]
        out.append(
            ItemStat(
                template=template,
                lesson=parts[0],
                kind=parts[1],
                scenario=parts[2],
                answers=len(flat),
                trainees=len(by_trainee),
                difficulty=sum(flat) / len(flat),
                discrimination=_pearson(xs, ys) if len(xs) >= MIN_TRAINEES_FOR_STATS else None,
            )
        )
    return out


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when either side does not vary.

    Examples:
        >>> _pearson([0, 0.5, 1], [0.2, 0.5, 0.8])
        1.0
        >>> _pearson([1, 1, 1], [0.2, 0.5, 0.8]) is None
        True
    """
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return round(sxy / math.sqrt(sxx * syy), 4)


# ---------------------------------------------------------------------------------------------------- CSV

BOM = "\ufeff"


def _safe(text: object) -> str:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    s = str(text)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def summary_csv(report: ClassReport) -> bytes:
    """One row per trainee of the class (UTF-8 with a byte-order mark, so spreadsheets read accents right)."""
    return _csv(
        [
            "class_code",
            "trainee",
            "answers",
            "right",
            "share_right",
            "hints",
            "lessons_passed",
            "lesson_ids_passed",
            "rules_met",
            "rules_mastered",
            "reviews_due",
            "last_answer",
        ],
        (
            [
                report.class_code,
                s.trainee.name,
                s.answers,
                s.right,
                f"{s.share:.2f}",
                s.hints,
                len(s.lessons_passed),
                ";".join(s.lessons_passed),
                s.rules_met,
                s.rules_mastered,
                s.reviews_due,
                s.last_answer,
            ]
            for s in report.summaries()
        ),
    )


def answers_csv(report: ClassReport) -> bytes:
    """Every answer of the class in the order given (UTF-8 with a byte-order mark)."""
    names = {t.id: t.name for t in report.roster}
    return _csv(
        [
            "class_code",
            "trainee",
            "answered_at",
            "source",
            "lesson",
            "sitting",
            "question",
            "template",
            "kind",
            "rule",
            "correct",
            "hinted",
            "given",
            "expected",
            "misconception",
        ],
        (
            [
                a.class_code,
                names.get(a.trainee_id, a.trainee_id),
                a.answered,
                a.source,
                a.lesson,
                a.attempt,
                a.question,
                a.template,
                a.kind,
                a.rule,
                int(a.correct),
                int(a.hinted),
                a.given,
                a.expected,
                a.misconception or "",
            ]
            for a in report.answers
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cobsim.services.instructor``: read a password (twice) and print its hash for the operator."""
    del argv
    first = getpass.getpass("Instructor password: ")
    if len(first) < MIN_PASSWORD:
        sys.stderr.write(f"A password needs at least {MIN_PASSWORD} characters.\n")
        return 2
    if getpass.getpass("Again: ") != first:
        sys.stderr.write("The two passwords differ.\n")
        return 2
    sys.stdout.write(f"{ENV_HASH}='{hash_secret(first)}'\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
