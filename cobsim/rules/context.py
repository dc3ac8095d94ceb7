"""The facts a rule may consult while deciding one case, with small derived lookups and caches.

A ``Context`` is built once per ``solve`` call. Rules read from it and never write to the case; the only thing
they may add is a note step (for example "guardians are treated as parents here"), which the engine puts into
the trace.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Generic, TypeVar, overload

from cobsim.medicare import EsrdPeriod, disability_entitlement_start, esrd_period_on, is_aged
from cobsim.model.case import Case, ChildArrangement, Coverage, Person
from cobsim.model.codes import (
    COMMERCIAL_KINDS,
    MEDICARE_KINDS,
    CoverageKind,
    MemberRelationship,
    RelationshipKind,
    RuleSet,
)
from cobsim.rules import jurisdictions as jur
from cobsim.rules.base import Decided, Indeterminate, OrderOutcome, Rule, RuleKind, Tie

T = TypeVar("T")


class _CaseFact(Generic[T]):
    """A fact of the case on the context's date, worked out once: kept in the facts a context shares with its views
    (so a view made before or after finds it), and on the context itself as a plain attribute after its first
    look (as ``functools.cached_property`` would, without its lock)."""

    def __init__(self, func: Callable[[Context], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> _CaseFact[T]: ...
    @overload
    def __get__(self, obj: Context, objtype: type | None = None) -> T: ...
    def __get__(self, obj: Context | None, objtype: type | None = None) -> _CaseFact[T] | T:
        if obj is None:
            return self
        facts = obj._facts
        if self.name in facts:
            value: T = facts[self.name]
        else:
            value = facts[self.name] = self.func(obj)
        obj.__dict__[self.name] = value
        return value


@dataclass(frozen=True)
class NoteStep:
    rule: Rule
    coverages: tuple[str, ...]
    text: str
    choice: str | None = None
    clause: str = ""


@dataclass(frozen=True)
class MedicareStatus:
    """The patient's Medicare entitlement on the service date."""

    aged: bool
    disability: bool  #: entitled on the basis of disability (and under 65)
    esrd: EsrdPeriod | None  #: the ESRD period covering the date, if any

    @property
    def known(self) -> bool:
        return self.aged or self.disability or self.esrd is not None


def _same_answer(x: OrderOutcome, y: OrderOutcome) -> bool:
    if isinstance(x, Decided) and isinstance(y, Decided):
        return x.first == y.first
    return type(x) is type(y)


# -------------------------------------------------------------------------------------------- the rule index


class _Switch:
    """Whether rules are looked up in the rule index (off: every pair is put to every active order rule, the
    engine's plain semantics, which the index must reproduce exactly; see :func:`rule_index`)."""

    on = True


_SWITCH = _Switch()


@contextmanager
def rule_index(enabled: bool) -> Iterator[None]:
    """Switch the rule index on or off for the duration (tests and benchmarks compare the two).

    With the index off every pair is put to every active order rule in registry order and every coverage to every
    participation rule, as the declarations did not exist; the answers must be the same either way."""
    before = _SWITCH.on
    _SWITCH.on = enabled
    try:
        yield
    finally:
        _SWITCH.on = before


def indexed() -> bool:
    """Whether the rule index is in use (see :func:`rule_index`)."""
    return _SWITCH.on


_PairShape = tuple[CoverageKind, MemberRelationship, CoverageKind, MemberRelationship]


class RuleIndex:
    """The active order rules of one edition, and for each shape of pair (the two coverages' kinds and
    relationships) the ones that can speak for it, in registry order (:attr:`Rule.speaks_for`).

    A rule without a declaration is kept for every shape, so the index can only leave out a rule that has said it
    cannot answer; the first rule that speaks among the ones kept is the first among all of them."""

    __slots__ = ("_by_shape", "rules")

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._by_shape: dict[_PairShape, tuple[Rule, ...]] = {}

    def for_pair(self, a: Coverage, b: Coverage) -> tuple[Rule, ...]:
        """The rules to ask about ``a`` and ``b``, in registry order (all of them when the index is off)."""
        if not _SWITCH.on:
            return self.rules
        shape = (a.kind, a.relationship, b.kind, b.relationship)
        found = self._by_shape.get(shape)
        if found is None:
            found = self._by_shape[shape] = tuple(r for r in self.rules if r.may_speak(*shape))
        return found


class _Rulebook:
    """The active order rules of a registry under each edition, for one set of disabled rules (shared by every
    context built with the same rules, so each index fills once per process)."""

    __slots__ = ("by_edition", "common", "order_rules")

    def __init__(self, order_rules: tuple[Rule, ...], disabled: frozenset[str]) -> None:
        self.order_rules = order_rules
        self.by_edition: dict[RuleSet, RuleIndex] = {
            edition: RuleIndex(
                tuple(
                    r
                    for r in order_rules
                    if r.kind is RuleKind.ORDER and r.id not in disabled and edition in r.rulesets
                )
            )
            for edition in RuleSet
        }
        #: indexes limited to a set of rule ids (the rules two editions share), by edition and ids
        self.common: dict[tuple[RuleSet, frozenset[str]], RuleIndex] = {}

    def only(self, edition: RuleSet, ids: frozenset[str]) -> RuleIndex:
        key = (edition, ids)
        found = self.common.get(key)
        if found is None:
            found = self.common[key] = RuleIndex(tuple(r for r in self.by_edition[edition].rules if r.id in ids))
        return found


#: Rulebooks by the identity of the registry tuple and the disabled ids (the tuple is kept to pin its identity).
_RULEBOOKS: dict[tuple[int, frozenset[str]], _Rulebook] = {}


def _rulebook(order_rules: tuple[Rule, ...], disabled: frozenset[str]) -> _Rulebook:
    key = (id(order_rules), disabled)
    book = _RULEBOOKS.get(key)
    if book is None or book.order_rules is not order_rules:
        if len(_RULEBOOKS) > 256:  # knock-out experiments disable many sets: keep the cache bounded
            _RULEBOOKS.clear()
        book = _RULEBOOKS[key] = _Rulebook(order_rules, disabled)
    return book


#: The case-level edition by what decides it (:func:`jur.case_edition`: the case's own ruleset, its state, the date
#: and the rules switched off); the profiles are fixed data, so the answer is too.
_CASE_EDITIONS: dict[tuple[RuleSet | None, str | None, date, frozenset[str]], RuleSet] = {}


def _case_edition(case: Case, on: date, disabled: frozenset[str]) -> RuleSet:
    key = (case.ruleset, case.state, on, disabled)
    found = _CASE_EDITIONS.get(key)
    if found is None:
        if len(_CASE_EDITIONS) > 4096:
            _CASE_EDITIONS.clear()
        found = _CASE_EDITIONS[key] = jur.case_edition(case, on, disabled=disabled)
    return found


def _edition_name(edition: RuleSet) -> str:
    return "pre-2005 NAIC model" if edition is RuleSet.PRE_2005 else "2005 NAIC model"


def _describe(rule: Rule | None, outcome: OrderOutcome) -> str:
    """What one edition's rules say about a pair, in a clause."""
    if rule is None or outcome is None:
        return "no rule orders them"
    if isinstance(outcome, Decided):
        return f"[{outcome.first}] pays first ({rule.title})"
    if isinstance(outcome, Tie):
        return f"they share equally ({rule.title})"
    return f"the order is indeterminate ({rule.title})"


class Context:
    """What the rules see: the case, the service date, the rule set and a few derived facts.

    Each commercial plan applies the edition of the order rules its governing law gives it
    (:mod:`cobsim.rules.jurisdictions`): ``ruleset`` is the case-level edition (an explicit override, else the
    case's state's edition), while a pair of plans is put to the rules of their own editions. While a pair is
    being decided, the rules see a *view* of the context whose ``ruleset`` is that pair's edition.
    """

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
        self.disabled = frozenset(disabled)
        #: the edition every plan without its own ``rule_edition`` applies, when the caller or the case set one
        self.override = jur.edition_override(case, ruleset, self.on, disabled=self.disabled)
        self.ruleset = ruleset or _case_edition(case, self.on, self.disabled)
        self.ignore_esrd = ignore_esrd
        self.order_rules = tuple(order_rules)
        #: the active order rules per edition and their index (shared by every context with the same rules)
        self._book = _rulebook(self.order_rules, self.disabled)
        self._index: RuleIndex = self._book.by_edition[self.ruleset]
        #: set on a view: the edition every pair is decided under (None on the root context)
        self._forced: RuleSet | None = None
        self.patient: Person = case.patient
        self.candidates: tuple[Coverage, ...] = tuple(
            sorted((c for c in case.coverages if c.member == self.patient.id), key=lambda c: c.id)
        )
        self.participating: tuple[Coverage, ...] = self.candidates
        self.notes: list[NoteStep] = []
        #: set by the engine before the note rules run: the final ranks and whether the order is settled
        self.ranks: tuple[tuple[Coverage, ...], ...] = ()
        self.settled: bool = True
        self._pair_cache: dict[tuple[str, ...], tuple[Rule | None, OrderOutcome]] = {}
        self._governance: dict[str, jur.Governance] = {}
        #: each coverage's label and plan name, worked out once per case (shared with views)
        self._names: dict[str, tuple[Coverage, str, str]] = {}
        #: facts of the case on this date that do not depend on the edition (shared with views: worked out once)
        self._facts: dict[Any, Any] = {}
        #: this context's views by edition, with the coverages taking part when each was made
        self._views: dict[RuleSet, tuple[tuple[Coverage, ...], Context]] = {}

    # ------------------------------------------------------------------------------------------ rules

    def enabled(self, rule: Rule) -> bool:
        return rule.id not in self.disabled and self.ruleset in rule.rulesets

    def note(
        self, rule: Rule, coverages: Iterable[str], text: str, choice: str | None = None, *, clause: str = ""
    ) -> None:
        """Record a note step once (the same note from several pairs is kept once)."""
        step = NoteStep(rule, tuple(coverages), text, choice, clause)
        if step not in self.notes:
            self.notes.append(step)

    def first_decision(
        self, a: Coverage, b: Coverage, *, family: str | None = None, skip: frozenset[str] = frozenset()
    ) -> tuple[Rule | None, OrderOutcome]:
        """Ask the order rules in registry order (optionally one family) until one speaks to the pair.

        Two commercial plans are put to the rules of their own editions: the same edition, its rules; different
        editions, each plan's rules, and where they disagree the rules both editions share
        (``jurisdiction.editions_disagree``).
        """
        key = (a.id, b.id, family or "", "/".join(sorted(skip)) if skip else "", self._forced or "")
        cached = self._pair_cache.get(key)
        if cached is not None:
            return cached
        if self._forced is None and a.kind in COMMERCIAL_KINDS and b.kind in COMMERCIAL_KINDS:
            ea, eb = self.edition_of(a), self.edition_of(b)
            self._note_governance(a)
            self._note_governance(b)
            if ea is eb:
                result = self._view(ea).first_decision(a, b, family=family, skip=skip)
            else:
                result = self._across(a, b, ea, eb, family=family, skip=skip)
        else:
            result = self._scan(a, b, family=family, skip=skip)
        self._pair_cache[key] = result
        return result

    def _scan(
        self, a: Coverage, b: Coverage, *, family: str | None, skip: frozenset[str]
    ) -> tuple[Rule | None, OrderOutcome]:
        for rule in self._index.for_pair(a, b):
            if skip and rule.id in skip:
                continue
            if family is not None and rule.family != family:
                continue
            outcome = rule.func(self, a, b)
            if outcome is not None:
                return rule, outcome
        return None, None

    def _view(self, edition: RuleSet, *, only: frozenset[str] | None = None, private: bool = False) -> Context:
        """This context seen under one edition (rules limited to ``only`` if given). A private view keeps its
        own notes and cache, for answers the engine may not adopt. A shared view is made once per edition (and
        again when the coverages taking part have changed since)."""
        shared = only is None and not private
        if shared:
            made = self._views.get(edition)
            if made is not None and made[0] is self.participating:
                return made[1]
        view = copy.copy(self)
        view.ruleset = edition
        view._forced = edition
        view._index = self._book.by_edition[edition] if only is None else self._book.only(edition, only)
        view._views = {}
        if private:
            view.notes = []
            view._pair_cache = {}
        if shared:
            self._views[edition] = (self.participating, view)
        return view

    def private_view(self, edition: RuleSet) -> Context:
        """This context seen under one edition, with its own notes and answers (for tests and what-ifs: nothing
        it records reaches this context)."""
        return self._view(edition, private=True)

    def _across(
        self,
        a: Coverage,
        b: Coverage,
        ea: RuleSet,
        eb: RuleSet,
        *,
        family: str | None,
        skip: frozenset[str],
    ) -> tuple[Rule | None, OrderOutcome]:
        """Two plans on different editions: each plan's own answer; where they disagree, the common rules."""
        va, vb = self._view(ea, private=True), self._view(eb, private=True)
        ra, oa = va.first_decision(a, b, family=family, skip=skip)
        rb, ob = vb.first_decision(a, b, family=family, skip=skip)
        if _same_answer(oa, ob):
            self._adopt(va.notes)
            return ra, oa
        disagree = jur.editions_disagree
        opening = (
            f"{self.plan(a)} applies the {_edition_name(ea)} and {self.plan(b)} the {_edition_name(eb)}; under the "
            f"first {_describe(ra, oa)}, under the second {_describe(rb, ob)}"
        )
        if disagree.id in self.disabled:
            return None, Indeterminate(f"{opening}: the plans' rules disagree and nothing settles it")
        common = frozenset(r.id for r in self.order_rules if ea in r.rulesets and eb in r.rulesets)
        vc = self._view(RuleSet.PRE_2005, only=common, private=True)
        rc, oc = vc.first_decision(a, b, family=family, skip=skip)
        self._adopt(vc.notes)
        self.note(
            disagree,
            (a.id, b.id),
            f"{opening}: the plans disagree, so the rules both editions share decide, and {_describe(rc, oc)}",
            choice=jur.EDITIONS_CHOICE if oc is None else None,
            clause="gender" if rc is not None and rc.id == "naic.gender_rule" else "",
        )
        if oc is None:
            return rc, oc
        return rc, replace(oc, choice=jur.EDITIONS_CHOICE)

    def _adopt(self, notes: Iterable[NoteStep]) -> None:
        for step in notes:
            if step not in self.notes:
                self.notes.append(step)

    def at(self, on: date, *, ignore_esrd: bool = False) -> Context:
        """The same case seen on another date (used by the ESRD dual-entitlement rule)."""
        ctx = Context(
            self.case.with_service_date(on),
            ruleset=self.override,
            disabled=self.disabled,
            ignore_esrd=ignore_esrd,
            order_rules=self.order_rules,
        )
        if self._forced is not None:
            return ctx._view(self._forced)
        return ctx

    # ------------------------------------------------------------------------------------ jurisdictions

    def governance(self, cov: Coverage) -> jur.Governance:
        """Which law governs ``cov`` and which edition of the order rules it applies (cached per coverage)."""
        found = self._governance.get(cov.id)
        if found is None:
            found = jur.govern(self.case, cov, on=self.on, override=self.override, disabled=self.disabled)
            self._governance[cov.id] = found
        return found

    def edition_of(self, cov: Coverage) -> RuleSet:
        """The edition of the order rules ``cov`` applies (a view's forced edition while a pair is decided)."""
        if self._forced is not None:
            return self._forced
        return self.governance(cov).edition

    def _note_governance(self, cov: Coverage) -> None:
        g = self.governance(cov)
        if g.by_state:
            state_rule = jur.STATE_RULES.get(g.profile.code)
            if state_rule is not None:
                self.note(
                    state_rule,
                    (cov.id,),
                    f"{self.plan(cov)} {g.where}, so {g.profile.name}'s rules order it: the {_edition_name(g.edition)}",
                )
            return
        if g.basis in ("plan_document", "federal_contract") and g.edition_from != "case":
            state = jur.state_profile(cov.situs or self.case.state, self.disabled)
            if state.is_default:
                return  # no state law would have applied either: nothing to say
            rule = jur.plan_document if g.basis == "plan_document" else jur.fehb_contract
            how = "as its document states" if g.edition_from == "plan" else "the model most plan documents follow"
            self.note(
                rule,
                (cov.id,),
                f"{self.plan(cov)} {g.where}: {state.name}'s COB law does not reach it, so it applies the "
                f"{_edition_name(g.edition)} ({how})",
            )

    def forum(self, a: Coverage, b: Coverage) -> jur.Profile:
        """The profile whose courts reconcile two plans' conflicting clauses (:func:`jur.forum`)."""
        return jur.forum(self.case, (self.governance(a), self.governance(b)))

    def auto_profile(self, cov: Coverage) -> jur.Profile:
        """The profile of the state whose no-fault law governs an auto policy (:func:`jur.auto_profile`)."""
        return jur.auto_profile(self.case, cov)

    def auto_choice(self, cov: Coverage, key: jur.ChoiceKey) -> jur.ChoiceEntry | None:
        """The auto policy's state's entry for ``key`` (dated by the policy's issue date when the entry is, and
        the case gives one; else by the service date)."""
        return jur.auto_entry(self.case, cov, key, self.on)

    # ------------------------------------------------------------------------------------------ names

    def name(self, person_id: str) -> str:
        """How a sentence names a person: their name, else their id (worked out once per case)."""
        key = ("name", person_id)
        found: str | None = self._facts.get(key)
        if found is None:
            try:
                person = self.case.person(person_id)
            except KeyError:
                found = person_id
            else:
                found = person.name or person.id
            self._facts[key] = found
        return found

    def _named(self, cov: Coverage) -> tuple[Coverage, str, str]:
        found = self._names.get(cov.id)
        if found is None or found[0] is not cov:
            label = cov.label
            found = self._names[cov.id] = (cov, label, f"{label} [{cov.id}]")
        return found

    def label(self, cov: Coverage) -> str:
        """The coverage's label (:attr:`Coverage.label`), worked out once per case."""
        return self._named(cov)[1]

    def plan(self, cov: Coverage) -> str:
        """How a sentence names a coverage: its payer and plan, then its id."""
        return self._named(cov)[2]

    def whose(self, cov: Coverage) -> str:
        """ "Maria's plan", "the patient's own plan"."""
        if cov.subscriber == self.patient.id:
            return f"{self.name(cov.subscriber)}'s own plan"
        return f"{self.name(cov.subscriber)}'s plan"

    # ---------------------------------------------------------------------------------------- family

    def fact(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A fact of the case on this date, worked out by ``compute()`` once and kept for the rest of the case
        (views share it). ``key`` must name everything the fact depends on besides the case and the date - the
        edition (``self.ruleset``) included, when it matters."""
        facts = self._facts
        if key in facts:
            found: T = facts[key]
            return found
        value = facts[key] = compute()
        return value

    @_CaseFact
    def arrangement(self) -> ChildArrangement | None:
        return self.case.arrangement(self.patient.id)

    def partners(self, person_id: str, *, include_former: bool = False) -> frozenset[str]:
        key = ("partners", person_id, include_former)
        found: frozenset[str] | None = self._facts.get(key)
        if found is None:
            found = self._facts[key] = frozenset(self.case.partner_ids(person_id, include_former=include_former))
        return found

    def caretaker_kind(self, adult_id: str) -> RelationshipKind | None:
        """How ``adult_id`` is related to the patient as a parent-like adult, if at all."""
        key = ("caretaker", adult_id)
        facts = self._facts
        if key not in facts:
            facts[key] = self.case.parental_kind(adult_id, self.patient.id)
        found: RelationshipKind | None = facts[key]
        return found

    @property
    def injury_state(self) -> str | None:
        injury = self.case.claim.injury
        if injury is not None and injury.state:
            return injury.state
        return self.case.state

    # -------------------------------------------------------------------------------------- medicare

    @_CaseFact
    def medicare_status(self) -> MedicareStatus:
        facts = self.patient.medicare
        aged = is_aged(self.patient, self.on)
        start = disability_entitlement_start(facts)
        disability = (not aged) and start is not None and start <= self.on
        esrd = None if self.ignore_esrd else esrd_period_on(facts, self.on)
        return MedicareStatus(aged=aged, disability=disability, esrd=esrd)

    @_CaseFact
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
