"""Spaced review: every rule a trainee meets is a card scheduled with FSRS (the ``fsrs`` package).

Each graded answer moves the card of the rule the question was about: a wrong answer is ``Again``, a right answer
after the hint ``Hard``, a right answer without it ``Good``. The scheduler works in whole days (no same-day
learning steps: a trainee who misses a rule meets it again the next day, not ten minutes later) and without
fuzzing, so the same answers at the same times give the same due dates.

**Mastery** (what gates "lesson passed"): a rule is mastered when its last answer was right and FSRS predicts a
recall probability (retrievability) of at least :data:`MASTERY_RETRIEVABILITY` = 0.90 now - the retention the
scheduler aims for. Right after a right answer that holds; as the days pass it falls below 0.90 exactly when the
card falls due, so "mastered" and "nothing to review" agree.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

from cobsim.services import clock as clocks
from cobsim.services.store import StoredCard

#: the retrievability at or above which a rule counts as mastered (FSRS's default desired retention)
MASTERY_RETRIEVABILITY = 0.90

SCHEDULER = Scheduler(
    desired_retention=MASTERY_RETRIEVABILITY, learning_steps=(), relearning_steps=(), enable_fuzzing=False
)


def rating(*, correct: bool, hinted: bool) -> Rating:
    """The FSRS rating of one answer.

    Examples:
        >>> rating(correct=False, hinted=False).name, rating(correct=True, hinted=True).name
        ('Again', 'Hard')
    """
    if not correct:
        return Rating.Again
    return Rating.Hard if hinted else Rating.Good


def _card_id(rule: str) -> int:
    # fsrs would otherwise take the wall clock (and sleep a millisecond) to number a card
    return int.from_bytes(hashlib.blake2b(rule.encode(), digest_size=6).digest(), "big")


def load(stored: StoredCard | None, rule: str) -> Card:
    if stored is None:
        return Card(card_id=_card_id(rule))
    return Card.from_dict(json.loads(stored.card))


def schedule(rule: str, *, correct: bool, hinted: bool, when: datetime) -> Callable[[StoredCard | None], StoredCard]:
    """The card update for one answer, to run inside the store's transaction."""

    def move(old: StoredCard | None) -> StoredCard:
        card, _log = SCHEDULER.review_card(load(old, rule), rating(correct=correct, hinted=hinted), when)
        return StoredCard(
            rule=rule,
            card=json.dumps(card.to_dict(), sort_keys=True),
            due=clocks.stamp(card.due),
            last_rating=int(rating(correct=correct, hinted=hinted)),
            reviews=(old.reviews if old else 0) + 1,
        )

    return move


@dataclass(frozen=True)
class CardView:
    """A rule's review card as a trainee or instructor sees it."""

    rule: str
    due: datetime
    retrievability: float
    stability: float
    reviews: int
    last_right: bool
    is_due: bool

    @property
    def mastered(self) -> bool:
        return self.last_right and self.retrievability >= MASTERY_RETRIEVABILITY


def view(stored: StoredCard, now: datetime) -> CardView:
    card = load(stored, stored.rule)
    return CardView(
        rule=stored.rule,
        due=card.due,
        retrievability=float(SCHEDULER.get_card_retrievability(card, now)),
        stability=float(card.stability or 0.0),
        reviews=stored.reviews,
        last_right=stored.last_rating != int(Rating.Again),
        is_due=card.due <= now or card.state is State.Learning,
    )


def views(stored: Iterable[StoredCard], now: datetime) -> list[CardView]:
    """Cards by due date (earliest first), then rule."""
    return sorted((view(s, now) for s in stored), key=lambda c: (c.due, c.rule))


def due(stored: Iterable[StoredCard], now: datetime) -> list[CardView]:
    """The cards due now, earliest first."""
    return [c for c in views(stored, now) if c.is_due]
