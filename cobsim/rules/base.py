"""Building blocks of a rule: citations, outcomes and the ``Rule`` record.

A rule is a small pure function with an id and a citation. This module knows nothing of the facts a rule reads
(:mod:`cobsim.rules.context` imports it, never the reverse). There are three kinds:

* participation rules, ``(ctx, coverage) -> Excluded | None``: does this coverage take part in the claim at all?
* order rules, ``(ctx, a, b) -> Decided | Tie | Indeterminate | None``: which of two coverages pays first?
  ``None`` means "this rule does not speak to this pair"; the next rule in the registry is asked.
* note rules, ``(ctx, determination parts) -> notes``: facts a biller must know about a position
  (conditional Medicare payment, subrogation) that do not change the order.

Rules carry the authority behind them (federal law, state regulation, plan terms). When the pairwise answers
cannot all hold at once, the weaker answer gives way and the trace says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, TypeAlias

from cobsim.model.codes import Confidence, RuleSet


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from: the source, the pinpoint inside it, a URL and how sure we are of it."""

    source: str
    pinpoint: str
    url: str | None = None
    confidence: Confidence = Confidence.VERIFIED

    def __str__(self) -> str:
        return f"{self.source} {self.pinpoint}".strip()

    def as_dict(self) -> dict[str, str | None]:
        return {
            "source": self.source,
            "pinpoint": self.pinpoint,
            "url": self.url,
            "confidence": self.confidence.value,
        }


class RuleKind(StrEnum):
    PARTICIPATION = "participation"
    ORDER = "order"
    NOTE = "note"
    PAYMENT = "payment"


class Authority(IntEnum):
    """How binding a rule is when two answers conflict: federal law over state regulation over plan terms."""

    PLAN = 1
    STATE = 2
    FEDERAL = 3


# ------------------------------------------------------------------------------------------------- outcomes


@dataclass(frozen=True, slots=True)
class Decided:
    """Coverage ``first`` pays before coverage ``second``."""

    first: str
    second: str
    because: str
    choice: str | None = None  #: the documented choice used, where sources are silent or disagree


@dataclass(frozen=True, slots=True)
class Tie:
    """No rule separates the two: they share the allowable expense equally."""

    because: str
    choice: str | None = None


@dataclass(frozen=True, slots=True)
class Indeterminate:
    """The rules (or the facts given) cannot order the two; ``because`` says what is missing or in conflict."""

    because: str
    choice: str | None = None


@dataclass(frozen=True, slots=True)
class Excluded:
    """The coverage does not take part in this claim."""

    because: str
    choice: str | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """A note rule's remark on a position: something the biller must know that does not change the order."""

    coverage: str
    text: str
    conditional: bool = False  #: the payer pays conditionally and recovers later


OrderOutcome: TypeAlias = Decided | Tie | Indeterminate | None


@dataclass(frozen=True)
class Rule:
    """A rule of the engine: id, citation, authority, and the function that applies it."""

    id: str
    title: str
    kind: RuleKind
    authority: Authority
    citations: tuple[Citation, ...]
    func: Callable[..., Any] = field(repr=False)
    rulesets: frozenset[RuleSet] = frozenset(RuleSet)
    choice: str | None = None  #: the documented choice this rule embodies, where sources are silent ([U])
    summary: str = ""
    extra_choices: tuple[str, ...] = ()  #: further documented choices some of its answers use

    @property
    def choices(self) -> tuple[str, ...]:
        """Every documented choice the rule may use, the main one first."""
        return ((self.choice,) if self.choice else ()) + self.extra_choices

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def citation(self) -> Citation:
        return self.citations[0]


def _summary(func: Callable[..., Any]) -> str:
    doc = (func.__doc__ or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split())


def rule(
    rule_id: str,
    *,
    title: str,
    kind: RuleKind,
    authority: Authority,
    cite: tuple[Citation, ...],
    rulesets: frozenset[RuleSet] = frozenset(RuleSet),
    choice: str | None = None,
    extra_choices: tuple[str, ...] = (),
) -> Callable[[Callable[..., Any]], Rule]:
    """Decorate a function as a rule. The function's docstring's first paragraph is the rule's summary."""
    if not cite:
        raise ValueError(f"rule {rule_id} needs at least one citation")

    def wrap(func: Callable[..., Any]) -> Rule:
        return Rule(
            id=rule_id,
            title=title,
            kind=kind,
            authority=authority,
            citations=cite,
            func=func,
            rulesets=rulesets,
            choice=choice,
            summary=_summary(func),
            extra_choices=extra_choices,
        )

    return wrap


ONLY_2005 = frozenset({RuleSet.NAIC_2005})
ONLY_PRE_2005 = frozenset({RuleSet.PRE_2005})
