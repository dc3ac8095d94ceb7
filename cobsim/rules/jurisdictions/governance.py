"""Which law governs a coverage, and which edition of the order rules it applies.

* An insured plan (group, individual, student) is governed by the law of its situs - the state where the policy
  was issued for delivery - which defaults to the case's ``state``; the state's profile answers its questions.
* A self-funded ERISA plan is not an insurer for state insurance law (29 U.S.C. 1144(b)(2)(B); FMC Corp. v.
  Holliday, 498 U.S. 52 (1990)): it follows its plan document, whose edition is ``rule_edition`` or, when not
  given, the 2005 model most plan documents copy.
* An FEHB plan follows its OPM contract (5 U.S.C. 8902(m)(1)), likewise on the 2005 model unless stated.

The edition a coverage applies is, in order: the plan's own ``rule_edition``; an explicit case-level ``ruleset``
(a what-if that decides every plan under one edition, as before jurisdictions existed); the governing profile's
``order_edition`` on the service date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from cobsim.model.case import Case, Coverage
from cobsim.model.codes import COMMERCIAL_KINDS, CoverageKind, RuleSet
from cobsim.rules.jurisdictions.profiles import (
    DEFAULT,
    ChoiceEntry,
    ChoiceKey,
    Profile,
    lookup,
    profile,
    profiles,
)

PLAN_DOCUMENT_RULE = "jurisdiction.plan_document"
FEHB_RULE = "jurisdiction.fehb_contract"

Basis = Literal["state", "plan_document", "federal_contract", "not_a_plan"]


@dataclass(frozen=True)
class Governance:
    """The law that governs one coverage's coordination, and the edition of the order rules it applies."""

    coverage: str
    profile: Profile  #: the profile answering this coverage's questions (the default for plan documents)
    basis: Basis
    where: str  #: "is insured in New Jersey (its situs)", "is a self-funded ERISA plan"...
    edition: RuleSet
    edition_from: Literal["plan", "case", "state", "default"]
    edition_entry: ChoiceEntry | None = None  #: the profile entry that set the edition, if one did

    @property
    def by_state(self) -> bool:
        """Whether a state profile (not the default) set this coverage's edition."""
        return self.basis == "state" and self.edition_from == "state" and not self.profile.is_default


def state_profile(code: str | None, disabled: Iterable[str] = ()) -> Profile:
    """The profile of state ``code``, or the default when there is none or its order rule is switched off."""
    prof = profile(code)
    off = set(disabled)
    if prof.order is not None and prof.order.rule in off:
        return profile(None)
    return prof


def case_edition(case: Case, on: date, *, disabled: Iterable[str] = ()) -> RuleSet:
    """The case-level edition: an explicit ``ruleset`` on the case, else the edition of the case's state on the
    date, else the model default."""
    if "ruleset" in case.model_fields_set:
        return case.ruleset
    _, entry = lookup(state_profile(case.state, disabled), "order_edition", on)
    return RuleSet(entry.value) if entry is not None else case.ruleset


def edition_override(case: Case, ruleset: RuleSet | None, on: date, *, disabled: Iterable[str] = ()) -> RuleSet | None:
    """The edition every plan without its own ``rule_edition`` must apply, if the caller or the case set one.

    An explicit ``ruleset`` argument that equals the case's own edition is read as no override (the same answer
    for every plan that follows the case's state)."""
    if ruleset is not None and ruleset is not case_edition(case, on, disabled=disabled):
        return ruleset
    if "ruleset" in case.model_fields_set:
        return case.ruleset
    return None


def govern(
    case: Case,
    cov: Coverage,
    *,
    on: date,
    override: RuleSet | None = None,
    disabled: Iterable[str] = (),
) -> Governance:
    """Which law governs ``cov`` on ``on`` and which edition of the order rules it applies (``disabled`` rule ids
    switch off a state's profile or the plan-document rule, for knock-out experiments)."""
    off = set(disabled)
    default = profiles()[DEFAULT]
    if cov.kind not in COMMERCIAL_KINDS:
        edition = override or case_edition(case, on, disabled=off)
        return Governance(cov.id, default, "not_a_plan", "is not a health plan under state COB law", edition, "case")
    if cov.kind is CoverageKind.FEHB and FEHB_RULE not in off:
        return _own_document(
            cov, default, "federal_contract", "is an FEHB plan, governed by its OPM contract", override=override, on=on
        )
    if cov.self_funded and PLAN_DOCUMENT_RULE not in off:
        return _own_document(
            cov,
            default,
            "plan_document",
            "is a self-funded ERISA plan, governed by its plan document",
            override=override,
            on=on,
        )
    code = cov.situs or case.state
    prof = state_profile(code, off)
    if code is None:
        where = "names no state, so the NAIC model applies"
    elif prof.is_default:
        where = f"is insured in {code}, which has no profile here, so the NAIC model applies"
    else:
        where = f"is insured in {prof.name}" + (" (its situs)" if cov.situs else " (the case's state)")
    if cov.rule_edition is not None:
        return Governance(cov.id, prof, "state", where, cov.rule_edition, "plan")
    if override is not None:
        return Governance(cov.id, prof, "state", where, override, "case")
    answered, entry = lookup(prof, "order_edition", on)
    edition = RuleSet(entry.value) if entry is not None else RuleSet.NAIC_2005
    source: Literal["state", "default"] = "default" if answered.is_default else "state"
    return Governance(cov.id, prof, "state", where, edition, source, entry)


def _own_document(
    cov: Coverage, default: Profile, basis: Basis, where: str, *, override: RuleSet | None, on: date
) -> Governance:
    if cov.rule_edition is not None:
        return Governance(cov.id, default, basis, where, cov.rule_edition, "plan")
    if override is not None:
        return Governance(cov.id, default, basis, where, override, "case")
    entry = default.entry("order_edition", on)
    edition = RuleSet(entry.value) if entry is not None else RuleSet.NAIC_2005
    return Governance(cov.id, default, basis, where, edition, "default", entry)


def secondary_payment(
    case: Case, cov: Coverage, *, on: date, override: RuleSet | None = None, disabled: Iterable[str] = ()
) -> tuple[str, Governance, ChoiceEntry | None]:
    """How ``cov`` pays when it is secondary, by its governing law: the choice value (``edition_default``,
    ``nj_28_7``, ``wa_284_51_230``), the governance, and the profile entry that answered."""
    g = govern(case, cov, on=on, override=override, disabled=disabled)
    if g.basis != "state":
        return "edition_default", g, None
    _, entry = lookup(g.profile, "secondary_payment", on)
    return (entry.value if entry is not None else "edition_default"), g, entry


def auto_profile(case: Case, cov: Coverage) -> Profile:
    """The profile of the state whose no-fault law governs an auto policy: its situs, else the state of the
    accident, else the case's state."""
    injury = case.claim.injury
    state = cov.situs or (injury.state if injury is not None and injury.state else None) or case.state
    return profile(state)


def auto_entry(case: Case, cov: Coverage, key: ChoiceKey, on: date) -> ChoiceEntry | None:
    """The auto policy's state's own entry for ``key``: dated by the policy's issue or renewal date when the entry
    is and the case gives one, else by ``on`` (the service date)."""
    policy = cov.injury_terms.policy_issued if cov.injury_terms is not None else None
    for entry in auto_profile(case, cov).choices.get(key, ()):
        when = policy if entry.dated_by == "policy_date" and policy is not None else on
        if entry.applies(when):
            return entry
    return None


def forum(case: Case, governed: Iterable[Governance]) -> Profile:
    """The profile whose courts reconcile two plans' conflicting clauses: the case's state if it has a profile;
    else the one state whose law governs the plans (all insured plans in one state); else the default."""
    if case.state is not None:
        return profile(case.state)
    states = {g.profile.code for g in governed if g.basis == "state" and not g.profile.is_default}
    if len(states) == 1:
        return profiles()[states.pop()]
    return profiles()[DEFAULT]
