"""The facts a rule may consult while deciding one case, with small derived lookups and caches.

A ``Context`` is built once per ``solve`` call. Rules read from it and never write to the case; the only thing
they may add is a note step (for example "guardians are treated as parents here"), which the engine puts into
the trace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property

from cobsim.medicare import EsrdPeriod, disability_entitlement_start, esrd_period_on, is_aged
from cobsim.model.case import Case, ChildArrangement, Coverage, Person
from cobsim.model.codes import (
    MEDICARE_KINDS,
    CoverageKind,
    MemberRelationship,
    RelationshipKind,
    RuleSet,
)
from cobsim.rules.base import OrderOutcome, Rule, RuleKind


@dataclass(frozen=True)
class NoteStep:
    rule: Rule
    coverages: tuple[str, ...]
    text: str
    choice: str | None = None


@dataclass(frozen=True)
class MedicareStatus:
    """The patient's Medicare entitlement on the service date."""

    aged: bool
    disability: bool  #: entitled on the basis of disability (and under 65)
    esrd: EsrdPeriod | None  #: the ESRD period covering the date, if any

    @property
    def known(self) -> bool:
        return self.aged or self.disability or self.esrd is not None


@cache
def _active(rules: tuple[Rule, ...], ruleset: RuleSet, disabled: frozenset[str]) -> tuple[Rule, ...]:
    """The order rules that apply under a rule set, minus the disabled ones (computed once per combination)."""
    return tuple(r for r in rules if r.kind is RuleKind.ORDER and r.id not in disabled and ruleset in r.rulesets)


class Context:
    """What the rules see: the case, the service date, the rule set and a few derived facts."""

    def __init__(
        self,
        case: Case,
        *,
        ruleset: RuleSet | None = None,
        disabled: Iterable[str] = (),
        on: date | None = None,
        ignore_esrd: bool = False,
        order_rules: Sequence[Rule] = (),
    ) -> None:
        self.case = case
        self.on = on or case.claim.service_date
        self.ruleset = ruleset or case.ruleset
        self.disabled = frozenset(disabled)
        self.ignore_esrd = ignore_esrd
        self.order_rules = tuple(order_rules)
        self._active_order_rules = tuple(
            r
            for r in self.order_rules
            if r.kind is RuleKind.ORDER and r.id not in self.disabled and self.ruleset in r.rulesets
        )
        self.patient: Person = case.patient
        self.candidates: tuple[Coverage, ...] = tuple(
            sorted((c for c in case.coverages if c.member == self.patient.id), key=lambda c: c.id)
        )
        self.participating: tuple[Coverage, ...] = self.candidates
        self.notes: list[NoteStep] = []
        #: set by the engine before the note rules run: the final ranks and whether the order is settled
        self.ranks: tuple[tuple[Coverage, ...], ...] = ()
        self.settled: bool = True
        self._pair_cache: dict[tuple[str, str, str], tuple[Rule | None, OrderOutcome]] = {}

    # ------------------------------------------------------------------------------------------ rules

    def enabled(self, rule: Rule) -> bool:
        return rule.id not in self.disabled and self.ruleset in rule.rulesets

    def note(self, rule: Rule, coverages: Iterable[str], text: str, choice: str | None = None) -> None:
        """Record a note step once (the same note from several pairs is kept once)."""
        step = NoteStep(rule, tuple(coverages), text, choice)
        if step not in self.notes:
            self.notes.append(step)

    def first_decision(
        self, a: Coverage, b: Coverage, *, family: str | None = None, skip: frozenset[str] = frozenset()
    ) -> tuple[Rule | None, OrderOutcome]:
        """Ask the order rules in registry order (optionally one family) until one speaks to the pair."""
        key = (a.id, b.id, f"{family}|{'/'.join(sorted(skip))}")
        if key in self._pair_cache:
            return self._pair_cache[key]
        for rule in self._active_order_rules:
            if rule.id in skip:
                continue
            if family is not None and rule.family != family:
                continue
            outcome = rule.func(self, a, b)
            if outcome is not None:
                self._pair_cache[key] = (rule, outcome)
                return rule, outcome
        self._pair_cache[key] = (None, None)
        return None, None

    def at(self, on: date, *, ignore_esrd: bool = False) -> Context:
        """The same case seen on another date (used by the ESRD dual-entitlement rule)."""
        return Context(
            self.case.with_service_date(on),
            ruleset=self.ruleset,
            disabled=self.disabled,
            ignore_esrd=ignore_esrd,
            order_rules=self.order_rules,
        )

    # ------------------------------------------------------------------------------------------ names

    def name(self, person_id: str) -> str:
        try:
            person = self.case.person(person_id)
        except KeyError:
            return person_id
        return person.name or person.id

    def plan(self, cov: Coverage) -> str:
        """How a sentence names a coverage: its payer and plan, then its id."""
        return f"{cov.label} [{cov.id}]"

    def whose(self, cov: Coverage) -> str:
        """ "Maria's plan", "the patient's own plan"."""
        if cov.subscriber == self.patient.id:
            return f"{self.name(cov.subscriber)}'s own plan"
        return f"{self.name(cov.subscriber)}'s plan"

    # ---------------------------------------------------------------------------------------- family

    @cached_property
    def arrangement(self) -> ChildArrangement | None:
        return self.case.arrangement(self.patient.id)

    def partners(self, person_id: str, *, include_former: bool = False) -> set[str]:
        return self.case.partner_ids(person_id, include_former=include_former)

    def caretaker_kind(self, adult_id: str) -> RelationshipKind | None:
        """How ``adult_id`` is related to the patient as a parent-like adult, if at all."""
        return self.case.parental_kind(adult_id, self.patient.id)

    @property
    def injury_state(self) -> str | None:
        injury = self.case.claim.injury
        if injury is not None and injury.state:
            return injury.state
        return self.case.state

    # -------------------------------------------------------------------------------------- medicare

    @cached_property
    def medicare_status(self) -> MedicareStatus:
        facts = self.patient.medicare
        aged = is_aged(self.patient, self.on)
        start = disability_entitlement_start(facts)
        disability = (not aged) and start is not None and start <= self.on
        esrd = None if self.ignore_esrd else esrd_period_on(facts, self.on)
        return MedicareStatus(aged=aged, disability=disability, esrd=esrd)

    @cached_property
    def medicare_card(self) -> Coverage | None:
        """The patient's Original Medicare or Medicare Advantage coverage in force on the date, if any."""
        for c in self.candidates:
            if c.kind in MEDICARE_KINDS and c.in_force(self.on):
                return c
        return None

    def part_a(self) -> bool:
        card = self.medicare_card
        return card is not None and (card.medicare is None or card.medicare.part_a)

    def part_b(self) -> bool:
        card = self.medicare_card
        if card is None:
            return False
        if card.medicare is None:
            return True
        start = card.medicare.part_b_start
        return card.medicare.part_b and (start is None or start <= self.on)

    def medicare_vs(self, ghp: Coverage) -> tuple[Rule | None, OrderOutcome]:
        """How the Medicare Secondary Payer rules order Medicare and ``ghp`` on this date."""
        card = self.medicare_card
        if card is None:
            return None, None
        return self.first_decision(card, ghp, family="msp")

    def previous_day(self) -> date:
        return self.on - timedelta(days=1)

    # ---------------------------------------------------------------------------------------- misc

    def household_has(self, kinds: frozenset[CoverageKind]) -> bool:
        """Whether anyone in the case holds coverage of one of ``kinds`` in force on the date."""
        return any(c.kind in kinds and c.in_force(self.on) for c in self.case.coverages)

    def is_dependent_child(self, cov: Coverage) -> bool:
        return cov.relationship is MemberRelationship.CHILD
