"""Citations per reason: every step cites the sources of the reason it gave, primary sources first.

Issue 10 item 11. Every citation names its kind and the clauses - the reasons a rule gives - it backs; a step carries
the clauses it used and only their sources. These tests hold the rules to it over the whole corpus (the YAML cases,
the examples and a few hundred generated cases), and check the issue's three examples by name.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from cobsim import solve
from cobsim.io import parse_case
from cobsim.rules import citations as c
from cobsim.rules.base import Citation, Rule, SourceKind
from cobsim.rules.jurisdictions.profiles import profiles
from cobsim.rules.registry import ALL_RULES, RULES_BY_ID
from cobsim.trace import Determination, Step
from generators.produce import generate
from generators.scenarios import CATALOGUE
from tests.conftest import EXAMPLES, YAML_CASES

#: Steps whose citations are the prevailing rules' sources, not their own rule's (see ``engine._join``).
BORROWED = "coordination.stronger_authority_prevails"

#: Secondary sources kept because no primary source says what they say, each with the clause it alone backs.
ONLY_SOURCE: dict[str, str] = {
    "Wisconsin Dental Association FAQ": (
        "naic.birthday#equal: parents apart, no decree, the child living equally with each - the model is silent and "
        "this FAQ is the only text found that applies the birthday rule (a documented choice)"
    ),
    "Open Dental manual (practice-software vendor)": (
        "pay.carve_out: the only source for the name 'carve-out' and its formula; the plan document cited beside it "
        "calls the same arithmetic non-duplication"
    ),
    "Dentrix Ascend community (practice-software vendor)": (
        "pay.carve_out_remainder: the only source found for the carve-out on the remainder (maintenance of "
        "benefits); no regulation or plan document read defines it"
    ),
    "ASC RCM Quick Tips (seed 004)": (
        "injury.liability_paying_first: the only source found that a liability insurer that pays promptly pays "
        "before the patient's health plans (the statutes cited beside it speak of Medicare, Medicaid and TRICARE)"
    ),
}

#: Names of blogs, forums and other sources the issue says must go (matched in the source and the URL).
BLACKLIST = re.compile(
    r"missing piece|erie insurance|erieri|medicare interactive|insure\.com|lawinsider|blog|reddit|quora|"
    r"denialcodeguide",
    re.IGNORECASE,
)

#: Reasons the corpus does not reach, and why (every other reason a rule declares is reached by some case).
UNREACHED: dict[str, str] = {
    "injury.workers_comp_first": "health plans drop out first (injury.workers_comp_exclusive); kept as the fallback",
    "injury.workers_comp_first#va": "no case pairs workers' comp with VA care",
    "injury.liability_paying_first#tricare": "no case pairs a prompt liability insurer with TRICARE",
    "injury.liability_paying_first#medicaid": "no case pairs a prompt liability insurer with Medicaid",
    "tricare.after_other_coverage#workers_comp": "workers' comp is ordered by its own rule first",
    "msp.part_a_required#disability": "no case has a disabled beneficiary without Part A and a large group plan",
    "msp.conditional_payment": "no case has two kinds of injury payer that Medicare pays conditionally behind",
    "pay.standard_cob#ae_nj_cap": "no case elects the primary-contract-cap allowable expense under standard COB",
    "pay.benefit_reserve#ae_medicare": "no pre-2005 case has Medicare paying before the plan",
    "pay.medigap#no_medicare": "no case has a Medigap line Medicare did not cover",
    "pay.nj_secondary": "a secondary always follows a payer; the clause is the method's fallback",
    "pay.nj_secondary#non_health_primary": "no New Jersey case has a plan paying after Medicare under N.J.A.C. 28.7",
    "pay.remaining_balance": "no case gives a health plan the remaining-balance method of its own",
    "injury.payer_denied_or_exhausted#liability": "no case has a liability insurer that denied the claim",
    "pay.nj_secondary#e3": "no New Jersey case has a contracted primary and a usual-and-customary secondary",
    "pay.nj_secondary#e4_e7": "no New Jersey case has a primary that covers nothing for the service",
    "pay.wa_secondary#ae_medicare": "no Washington case has Medicare paying before the plan",
}


def _all_citations() -> Iterator[tuple[Rule, Citation]]:
    for rule in ALL_RULES:
        for cite in rule.citations:
            yield rule, cite


def _declared() -> set[str]:
    return {cid for rule in ALL_RULES for cid in rule.clause_ids}


def _supports_by_key() -> dict[tuple[str, str], frozenset[str]]:
    out: dict[tuple[str, str], frozenset[str]] = {}
    for _, cite in _all_citations():
        out[(cite.source, cite.pinpoint)] = cite.supports
    return out


def _solve_all(raws: list[dict[str, Any]]) -> tuple[Determination, ...]:
    return tuple(solve(parse_case(raw)) for raw in raws)


@cache
def corpus() -> tuple[Determination, ...]:
    """The YAML cases, the examples, this file's state variants and generated cases (every scenario, every
    variant)."""
    raws = [raw for _, raw in YAML_CASES]
    raws += [json.loads(p.read_text(), parse_float=Decimal) for p in sorted(EXAMPLES.rglob("*.json"))]
    raws += [_spouse_case(state) for state in (None, "NJ", "TX")]
    raws += [_work_injury_case(state) for state in (None, "TX")]
    # enough cases that the round robin meets every variant of every scenario
    every_variant = len(CATALOGUE) * max(len(s.variants) for s in CATALOGUE.values())
    raws += list(generate(["all"], every_variant, 11))
    return _solve_all(raws)


def _steps() -> Iterator[tuple[Determination, Step]]:
    for det in corpus():
        for step in det.steps:
            yield det, step


def _sources(step: Step) -> str:
    return " | ".join(f"{x.source} {x.pinpoint}" for x in step.citations)


# ------------------------------------------------------------------------------------------------ the mechanism


def test_every_step_cites_at_least_one_source_for_its_reason() -> None:
    for det, s in _steps():
        assert s.citations, f"{det.case_id}: step {s.rule} {s.clauses} has no citation"
        assert s.clauses, f"{det.case_id}: step {s.rule} names no reason"


def test_primary_sources_come_first() -> None:
    ranks = {k.value: k.rank for k in SourceKind}
    for det, s in _steps():
        order = [ranks[x.kind] for x in s.citations]
        assert order == sorted(order), f"{det.case_id}: {s.rule} lists a secondary source before a primary one"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.id for r in ALL_RULES])
def test_every_reason_of_every_rule_has_a_source(rule: Rule) -> None:
    for tag in ("", *rule.clauses):
        assert rule.citations_for(tag), f"{rule.clause_id(tag)}: no citation backs this reason"


def test_a_rule_leads_with_a_source_of_its_main_reason() -> None:
    for rule in ALL_RULES:
        assert rule.citation in rule.citations_for(""), rule.id


# ------------------------------------------------------------------------ (a) kinds and clauses on every citation


def test_every_citation_names_the_clauses_it_backs() -> None:
    for rule, cite in _all_citations():
        assert cite.supports, f"{rule.id}: {cite} names no clause it supports"
        backs_own = any(cid == rule.id or cid.startswith(rule.id + "#") for cid in cite.supports)
        assert backs_own, f"{rule.id} lists {cite}, which backs none of its reasons ({sorted(cite.supports)})"


def _expected_kind(source: str) -> SourceKind:
    """What kind a source is, read from its name (so a citation that forgot its kind, or got it wrong, shows); a
    source naming several texts is the kind of the first."""
    source = source.split(";", maxsplit=1)[0]
    if re.search(r"Dental Association|Open Dental|Dentrix|ASC RCM", source):
        return SourceKind.SECONDARY
    if re.search(
        r"Horizon|BCBS|Palmetto|CGS|Health Net|TriWest|NJM|Uniform Medical Plan|SPD|contractor|plan document",
        source,
    ):
        return SourceKind.PAYER
    if " v. " in source:
        return SourceKind.COURT
    if source.startswith("NAIC"):
        return SourceKind.MODEL
    if re.search(r"POMS|Manual|Defense Health Agency|^CMS|^OPM|Compensation Agency", source):
        return SourceKind.AGENCY_MANUAL
    if re.search(r"U\.S\.C\.|^MCL |^RCW |N\.J\.S\.A\.|Minn\. Stat\.|Ohio Rev\. Code|Codified Laws|Lab\. Code", source):
        return SourceKind.STATUTE
    if re.search(r"CFR|Admin\.|N\.J\.A\.C\.|^WAC |TAC |NYCRR|Code Regs\.| FR |^R\.\d|^WSR ", source):
        return SourceKind.REGULATION
    raise AssertionError(f"no kind is known for the source {source!r}: teach _expected_kind")


def test_every_citation_names_the_kind_its_source_is() -> None:
    for rule, cite in _all_citations():
        assert cite.kind is _expected_kind(cite.source), f"{rule.id}: {cite} is a {cite.kind.value}?"


def test_the_shipped_jurisdiction_profiles_name_every_sources_kind() -> None:
    for prof in profiles().values():
        specs = list(prof.order.cite) if prof.order is not None else []
        specs += [spec for entries in prof.choices.values() for e in entries for spec in e.cite]
        for spec in specs:
            assert "kind" in spec.model_fields_set, f"{prof.code}: {spec.source} does not say what kind it is"
            assert SourceKind(spec.kind) is _expected_kind(spec.source), (prof.code, spec.source)


def test_one_source_and_pinpoint_is_one_citation() -> None:
    seen: dict[tuple[str, str], Citation] = {}
    for rule, cite in _all_citations():
        key = (cite.source, cite.pinpoint)
        assert seen.setdefault(key, cite) == cite, f"{rule.id}: two citations of {key} back different clauses"


# ----------------------------------------------------------- (b) no citation on a step whose reason it does not back


def test_no_step_carries_a_source_of_a_reason_it_did_not_give() -> None:
    supports = _supports_by_key()
    checked = 0
    for det, s in _steps():
        if s.rule == BORROWED:
            continue
        for x in s.citations:
            backs = supports[(x.source, x.pinpoint)]
            assert backs & set(s.clauses), (
                f"{det.case_id}: step {s.rule} gave {s.clauses} but cites {x.source} {x.pinpoint}, which backs "
                f"{sorted(backs)}"
            )
            checked += 1
    assert checked > 2000


def test_a_prevailing_rules_sources_are_those_of_the_answers_that_prevailed() -> None:
    found = 0
    for det in corpus():
        cited = {(x.source, x.pinpoint) for s in det.steps if s.rule != BORROWED for x in s.citations}
        for s in det.steps:
            if s.rule == BORROWED:
                found += 1
                for x in s.citations:
                    assert (x.source, x.pinpoint) in cited, f"{det.case_id}: {x.source} {x.pinpoint}"
    assert found


def test_every_reason_a_step_gives_is_declared_by_its_rule_and_has_a_source() -> None:
    for det, s in _steps():
        rule = RULES_BY_ID[s.rule]
        for cid in s.clauses:
            assert cid in rule.clause_ids, f"{det.case_id}: {s.rule} gave the undeclared reason {cid}"
            tag = cid.partition("#")[2]
            assert rule.citations_for(tag), f"{det.case_id}: nothing backs {cid}"


def test_every_clause_a_citation_names_is_one_a_rule_can_give() -> None:
    declared = _declared()
    for rule, cite in _all_citations():
        dead = cite.supports - declared
        assert not dead, f"{rule.id}: {cite} backs {sorted(dead)}, which no rule gives (a typo or a dead clause)"


def test_a_misspelled_reason_is_refused() -> None:
    rule = RULES_BY_ID["naic.birthday"]
    assert rule.clause_id("joint") == "naic.birthday#joint"
    with pytest.raises(ValueError, match="gives no reason 'jiont'"):
        rule.clause_id("jiont")


def test_the_corpus_reaches_every_reason_but_the_listed_ones() -> None:
    reached = {cid for _, s in _steps() for cid in s.clauses}
    missing = _declared() - reached
    assert missing <= set(UNREACHED), f"reasons no case reaches: {sorted(missing - set(UNREACHED))}"
    assert set(UNREACHED) <= _declared(), sorted(set(UNREACHED) - _declared())


# ------------------------------------------------------------------------------------ (c) secondary sources


def test_no_secondary_source_stands_beside_a_primary_one_unless_it_alone_says_it() -> None:
    for rule in ALL_RULES:
        for tag in ("", *rule.clauses):
            cites = rule.citations_for(tag)
            if not any(x.kind.primary for x in cites):
                continue
            for x in cites:
                if x.kind is SourceKind.SECONDARY:
                    assert x.source in ONLY_SOURCE, f"{rule.clause_id(tag)}: {x} beside a primary source"


def test_every_secondary_source_kept_is_listed_with_its_reason() -> None:
    for rule, cite in _all_citations():
        if cite.kind is SourceKind.SECONDARY:
            assert cite.source in ONLY_SOURCE, f"{rule.id}: {cite.source} is secondary and not on the list"
    used = {cite.source for _, cite in _all_citations()}
    assert set(ONLY_SOURCE) <= used, sorted(set(ONLY_SOURCE) - used)


# ----------------------------------------------------------------------------- (d) the three examples


def _steps_of(rule_id: str, clause: str) -> list[tuple[Determination, Step]]:
    return [(d, s) for d, s in _steps() if s.rule == rule_id and clause in s.clauses]


def test_a_spouses_non_dependent_step_is_not_cited_with_the_childs_own_job_source() -> None:
    own_job = f"{c.NAIC_PLAN_INCLUDES_NON_GROUP.source} {c.NAIC_PLAN_INCLUDES_NON_GROUP.pinpoint}"
    spouse = [
        (d, s)
        for d, s in _steps_of("naic.nondependent_first", "naic.nondependent_first")
        if "as a spouse" in s.explanation
    ]
    child = _steps_of("naic.nondependent_first", "naic.nondependent_first#child_own_plan")
    assert spouse
    assert child
    for d, s in spouse:
        assert own_job not in _sources(s), d.case_id
        assert "§6D(1)(a)" in _sources(s)
    for d, s in child:
        assert "as a child" in s.explanation
        assert own_job in _sources(s), d.case_id


def test_a_birthday_step_for_parents_together_is_not_cited_with_the_joint_custody_faq() -> None:
    together = _steps_of("naic.birthday", "naic.birthday")
    equal = _steps_of("naic.birthday", "naic.birthday#equal")
    joint = _steps_of("naic.birthday", "naic.birthday#joint")
    assert together
    assert equal
    assert joint
    for d, s in together + joint:
        assert "Wisconsin Dental" not in _sources(s), d.case_id
    for d, s in together:
        assert [x.pinpoint for x in s.citations] == ["§6D(2)(a)(i)"], d.case_id
    for d, s in joint:
        assert "§6D(2)(b)(iii)" in _sources(s), d.case_id
    for d, s in equal:
        assert "Wisconsin Dental" in _sources(s), d.case_id
        assert s.citations[0].kind == SourceKind.SECONDARY.value  # the only source, and it says so


def _spouse_case(state: str | None) -> dict[str, Any]:
    """Two spouses' group plans; the secondary pays by its governing state's rule (the N.J.A.C. 11:4-28.7(e)1 case,
    moved to another state)."""
    raw = copy.deepcopy(
        dict(YAML_CASES)["jurisdiction_nj::nj-28-7-e1-member-owes-no-more-than-the-secondarys-cost-sharing"]
    )
    raw.pop("expected", None)
    raw["id"] = f"spouses-{state or 'default'}"
    if state is None:
        raw.pop("state", None)
    else:
        raw["state"] = state
    return raw


def _paid_steps(det: Determination) -> list[Step]:
    return [s for s in det.steps if s.outcome == "paid" and s.rule != "pay.primary"]


def test_new_jersey_payment_steps_cite_new_jersey_and_never_texas() -> None:
    nj = [(d, s) for d, s in _steps() if s.rule == "pay.nj_secondary"]
    assert len(nj) >= 4
    for d, s in nj:
        sources = _sources(s)
        assert "N.J.A.C." in sources or "MDL-120" in sources, d.case_id
        assert "TAC" not in sources, d.case_id
        assert "Tex" not in sources, d.case_id
    det = solve(parse_case(_spouse_case("NJ")))
    [step] = _paid_steps(det)
    assert step.rule == "pay.nj_secondary"
    assert step.clauses == ("pay.nj_secondary#e1",)
    assert "N.J.A.C. 11:4-28.7 (e)1" in _sources(step)
    assert "TAC" not in _sources(step)
    primary = next(s for s in det.steps if s.rule == "pay.primary")
    assert _sources(primary).startswith("N.J.A.C. 11:4-28.6 (a)1")


def test_a_texas_secondary_cites_28_tac_3_3505_and_a_default_state_one_the_naic_model_only() -> None:
    texas = solve(parse_case(_spouse_case("TX")))
    default = solve(parse_case(_spouse_case(None)))
    [tx_step] = _paid_steps(texas)
    [naic_step] = _paid_steps(default)
    assert tx_step.rule == naic_step.rule == "pay.standard_cob"
    assert texas.payments is not None
    assert default.payments is not None
    assert texas.payments.paid == default.payments.paid  # the same law in the same words: only the citation moves
    assert tx_step.clauses == ("pay.standard_cob#tx",)
    assert "28 TAC 3.3505" in _sources(tx_step)
    assert "N.J.A.C." not in _sources(tx_step)
    assert "TAC" not in _sources(naic_step)
    assert "N.J.A.C." not in _sources(naic_step)
    assert {x.source for x in naic_step.citations} == {"NAIC MDL-120 (2005)"}
    tx_primary = next(s for s in texas.steps if s.rule == "pay.primary")
    naic_primary = next(s for s in default.steps if s.rule == "pay.primary")
    assert "28 TAC 3.3507 (a)(1)" in _sources(tx_primary)
    assert _sources(naic_primary) == "NAIC MDL-120 (2005) §6A(1)"


def _work_injury_case(state: str | None) -> dict[str, Any]:
    """Workers' comp paying first with Medicare after it, in the case's state (the injury's own state removed)."""
    raw = copy.deepcopy(dict(YAML_CASES)["injury_workers_comp::injury-wc-paying-medicare-secondary-pays-nothing"])
    raw.pop("expected", None)
    raw["id"] = f"work-injury-{state or 'default'}"
    (raw["claim"].get("injury") or {}).pop("state", None)
    raw.pop("state", None)
    if state is not None:
        raw["state"] = state
    return raw


def test_a_texas_workers_comp_payment_cites_the_texas_labor_code_only_in_texas() -> None:
    plain = solve(parse_case(_work_injury_case(None)))
    texas = solve(parse_case(_work_injury_case("TX")))

    def wc(det: Determination) -> Step:
        return next(s for s in det.steps if s.rule == "pay.injury_payer")

    assert "Tex. Lab. Code" in _sources(wc(texas))
    assert "Tex. Lab. Code" not in _sources(wc(plain))
    assert wc(plain).clauses == ("pay.injury_payer",)


# ------------------------------------------------------------------------------------------------ (e) blacklist


def test_no_blog_forum_or_glossary_is_cited() -> None:
    for rule, cite in _all_citations():
        assert not BLACKLIST.search(cite.source), f"{rule.id}: {cite.source}"
        assert not BLACKLIST.search(cite.url or ""), f"{rule.id}: {cite.url}"
    for det, s in _steps():
        for x in s.citations:
            assert not BLACKLIST.search(f"{x.source} {x.url or ''}"), f"{det.case_id}: {x.source}"
