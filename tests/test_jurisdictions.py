"""Jurisdiction profiles: the data is valid and cited, each coverage is governed by the right law, dated choices
switch on their dates, the trace names the state, and ``cobsim rules --state`` lists the differences."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cobsim import solve
from cobsim.cli import app
from cobsim.errors import CobsimError, InvalidCase
from cobsim.io import parse_case
from cobsim.model.case import Case
from cobsim.model.codes import RuleSet
from cobsim.rules import jurisdictions as jur
from cobsim.rules.jurisdictions.profiles import DEFAULT_ANSWERS, parse_profile
from cobsim.rules.registry import NOTE_RULES, RULES_BY_ID
from tests.conftest import CASES

runner = CliRunner()


def _cases(name: str) -> dict[str, dict[str, Any]]:
    return {raw["id"]: raw for raw in yaml.safe_load((CASES / name).read_text(encoding="utf-8"))}


NJ = _cases("jurisdiction_nj.yaml")
WA = _cases("jurisdiction_wa.yaml")


def _case(raw: dict[str, Any], **changes: Any) -> Case:
    data = dict(raw)
    data.update(changes)
    data.pop("expected", None)
    return parse_case(data)


# ------------------------------------------------------------------------------------------------ the data


def test_every_profile_loads_and_the_default_answers_every_core_question() -> None:
    table = jur.profiles()
    assert set(table) == {"NAIC", "NJ", "NY", "TX", "WA", "MI", "KS", "CA"}
    default = table[jur.DEFAULT]
    for key in DEFAULT_ANSWERS:
        assert default.entry(key, date(2025, 1, 1)) is not None, key


def test_every_choice_cites_a_source_with_a_pinpoint_and_no_blog() -> None:
    for prof in jur.profiles().values():
        for key, entries in prof.choices.items():
            for entry in entries:
                assert entry.citations, (prof.code, key)
                for cite in entry.citations:
                    assert cite.source, (prof.code, key)
                    assert cite.pinpoint, (prof.code, key)
                    assert "blog" not in cite.source.lower(), (prof.code, key, cite.source)
                    assert cite.url is None or cite.url.startswith(("http://", "https://")), cite.url


def test_state_order_rules_are_registered_note_rules_with_the_states_citations() -> None:
    for code, rule in jur.STATE_RULES.items():
        assert rule.id.startswith(code.lower() + ".")
        assert rule in NOTE_RULES
        assert RULES_BY_ID[rule.id] is rule
        assert len(rule.summary) > 40
    assert "N.J.A.C. 11:4-28.6" in str(jur.STATE_RULES["NJ"].citation)
    assert "28 TAC" in str(jur.STATE_RULES["TX"].citation)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("code: NJ\nname: [unclosed", "not valid YAML"),
        ("code: NY\nname: New Jersey\nsummary: " + "s" * 50 + "\n", "declares code 'NY'; expected 'NJ'"),
        (
            "code: NJ\nname: New Jersey\nsummary: "
            + "s" * 50
            + "\nchoices:\n  order_edition:\n    - {value: pre-2006, text: "
            + "t" * 30
            + ", cite: [{source: abc, pinpoint: x}]}\n",
            "value 'pre-2006' is not one of naic-2005, pre-2005",
        ),
        (
            "code: NJ\nname: New Jersey\nsummary: "
            + "s" * 50
            + "\nchoices:\n  secondary_payment:\n"
            + "    - {value: nj_28_7, from: 2003-01-01, text: "
            + "t" * 30
            + ", cite: [{source: abc, pinpoint: x}]}\n"
            + "    - {value: edition_default, from: 2001-01-01, text: "
            + "t" * 30
            + ", cite: [{source: abc, pinpoint: x}]}\n",
            "oldest first and must not overlap",
        ),
        ("code: NJ\nname: New Jersey\nsummary: " + "s" * 50 + "\nchoices:\n  speed_limit: []\n", "choices.speed_limit"),
    ],
)
def test_a_malformed_profile_is_refused_with_a_sentence(text: str, problem: str) -> None:
    with pytest.raises(CobsimError, match=r"jurisdiction profile nj\.yaml") as info:
        parse_profile("nj.yaml", text)
    assert problem in str(info.value)


def test_dated_choices_switch_on_their_dates() -> None:
    nj, default = jur.profile("NJ"), jur.profile(None)
    answered, entry = jur.lookup(nj, "secondary_payment", date(2002, 12, 31))
    assert answered is default
    assert entry is not None
    assert entry.value == "edition_default"
    answered, entry = jur.lookup(nj, "secondary_payment", date(2003, 1, 1))
    assert answered is nj
    assert entry is not None
    assert entry.value == "nj_28_7"
    wa = jur.profile("WA")
    assert jur.lookup(wa, "secondary_payment", date(2007, 7, 8))[1].value == "edition_default"  # type: ignore[union-attr]
    assert jur.lookup(wa, "secondary_payment", date(2007, 7, 9))[1].value == "wa_284_51_230"  # type: ignore[union-attr]
    reform = jur.profile("MI").choices["pip_reform_2019"][0]
    assert reform.dated_by == "policy_date"
    assert not reform.applies(date(2020, 7, 1))
    assert reform.applies(date(2020, 7, 2))


def test_a_state_without_a_profile_gets_the_default() -> None:
    assert jur.profile("PA") is jur.profile(None)
    assert not jur.has_profile("PA")
    assert jur.has_profile("NJ")


# -------------------------------------------------------------------------------------------- governance


def test_an_insured_plan_follows_its_situs_then_the_cases_state() -> None:
    raw = NJ["nj-birthday-rule-agrees-with-the-default"]
    case = _case(raw)
    on = case.claim.service_date
    erik = case.coverage("erik-plan")
    g = jur.govern(case, erik, on=on)
    assert (g.basis, g.profile.code, g.edition, g.edition_from) == ("state", "NJ", RuleSet.PRE_2005, "state")
    assert "the case's state" in g.where
    elsewhere = erik.model_copy(update={"situs": "TX"})
    g = jur.govern(case, elsewhere, on=on)
    assert (g.profile.code, g.edition) == ("TX", RuleSet.NAIC_2005)
    assert "its situs" in g.where


def test_self_funded_and_fehb_plans_follow_their_own_documents() -> None:
    case = _case(NJ["nj-birthday-rule-agrees-with-the-default"])
    on = case.claim.service_date
    erik = case.coverage("erik-plan")
    g = jur.govern(case, erik.model_copy(update={"self_funded": True}), on=on)
    assert (g.basis, g.edition, g.profile.code) == ("plan_document", RuleSet.NAIC_2005, "NAIC")
    g = jur.govern(case, erik.model_copy(update={"self_funded": True, "rule_edition": RuleSet.PRE_2005}), on=on)
    assert (g.edition, g.edition_from) == (RuleSet.PRE_2005, "plan")
    g = jur.govern(case, erik.model_copy(update={"self_funded": True}), on=on, disabled={jur.PLAN_DOCUMENT_RULE})
    assert (g.basis, g.edition) == ("state", RuleSet.PRE_2005)


def test_an_explicit_ruleset_overrides_the_state_but_not_a_plans_own_edition() -> None:
    raw = NJ["nj-birthday-rule-agrees-with-the-default"]
    case = _case(raw, ruleset="naic-2005")
    on = case.claim.service_date
    assert jur.edition_override(case, None, on) is RuleSet.NAIC_2005
    assert jur.govern(case, case.coverage("erik-plan"), on=on, override=RuleSet.NAIC_2005).edition is RuleSet.NAIC_2005
    plain = _case(raw)
    assert jur.edition_override(plain, None, on) is None
    assert jur.edition_override(plain, RuleSet.PRE_2005, on) is None  # the state's own edition: no override
    assert jur.edition_override(plain, RuleSet.NAIC_2005, on) is RuleSet.NAIC_2005
    assert jur.case_edition(plain, on) is RuleSet.PRE_2005
    assert solve(plain).ruleset is RuleSet.PRE_2005


def test_rule_edition_belongs_to_health_plans_and_pip_medical_to_pip() -> None:
    raw = dict(WA["wa-284-51-230-secondary-pays-to-100-percent"])
    raw["coverages"] = [*raw["coverages"]]
    raw["coverages"].append(
        {
            "id": "ines-medpay",
            "kind": "auto_medpay",
            "member": "ines",
            "subscriber": "ines",
            "relationship": "self",
            "start": "2020-01-01",
            "injury_terms": {"pip_medical": "opted_out"},
        }
    )
    with pytest.raises(InvalidCase, match="pip_medical is a choice of an auto PIP policy"):
        parse_case(raw)


# ---------------------------------------------------------------------------------------------- the trace


def test_the_trace_names_the_state_and_cites_its_code() -> None:
    det = solve(_case(NJ["nj-gender-rule-decides-for-the-fathers-plan"]))
    notes = [s for s in det.steps if s.rule == "nj.order_rules"]
    assert notes
    assert "New Jersey" in notes[0].explanation
    assert any("N.J.A.C. 11:4-28.6" in c.source for c in notes[0].citations)


@pytest.mark.parametrize(
    "case_id",
    [
        "nj-28-7-e1-member-owes-no-more-than-the-secondarys-cost-sharing",
        "nj-28-7-e2-primary-ucr-secondary-contracted",
        "nj-28-7-a-both-usual-and-customary",
        "nj-28-7-e6-capitated-secondary",
    ],
)
def test_nj_payments_cite_new_jersey_never_texas(case_id: str) -> None:
    det = solve(_case(NJ[case_id]))
    paid = [s for s in det.steps if s.rule == "pay.nj_secondary"]
    assert paid, case_id
    for step in paid:
        sources = " ".join(f"{c.source} {c.pinpoint}" for c in step.citations)
        assert "N.J.A.C. 11:4-28.7" in sources
        assert "TAC" not in sources
        assert "Tex" not in sources
        assert "N.J.A.C. 11:4-28.7(" in step.explanation  # the sentence names the paragraph used


def test_a_third_nj_plan_is_classified_by_the_primary_and_says_so() -> None:
    raw = NJ["nj-28-7-e1-member-owes-no-more-than-the-secondarys-cost-sharing"]
    data = dict(raw)
    data["people"] = [*raw["people"], {"id": "kit", "name": "Kit Whitfield", "birth_date": "1960-02-02", "sex": "F"}]
    data["relationships"] = [*raw["relationships"], {"kind": "parent", "parent": "kit", "child": "dana"}]
    data["employers"] = [*raw["employers"], {"id": "kit-employer", "name": "Shore Bakery (synthetic)", "employees": 40}]
    data["coverages"] = [
        *raw["coverages"],
        {
            "id": "kit-plan",
            "kind": "group",
            "member": "dana",
            "subscriber": "kit",
            "relationship": "other_dependent",
            "employer": "kit-employer",
            "start": "2024-01-01",
            "benefits": {"coinsurance": "0.20"},
        },
    ]
    line = dict(raw["claim"]["lines"][0])
    line["allowed"] = {**line["allowed"], "kit-plan": "750.00"}
    data["claim"] = {**raw["claim"], "lines": [line]}
    det = solve(_case(data))
    assert det.order == ("dana-plan", "marcus-plan", "kit-plan")
    third = next(s for s in det.steps if s.rule == "pay.nj_secondary" and s.coverages == ("kit-plan",))
    assert "classified by the primary" in third.explanation
    assert det.payments is not None
    assert det.payments.patient <= det.payments.billed


# ------------------------------------------------------------------------------------------------ the CLI


def test_rules_state_lists_new_jerseys_differences_with_sources() -> None:
    result = runner.invoke(app, ["rules", "--state", "nj"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for expected in (
        "New Jersey",
        "pre-2005",
        "N.J.A.C. 11:4-28.6",
        "N.J.A.C. 11:4-28.7",
        "from 2003-01-01",
        "naic.share_equally",
        "N.J.S.A. 39:6A-4.3",
    ):
        assert expected in text, expected
    assert "TAC" not in text


def test_rules_state_says_when_a_state_does_not_differ() -> None:
    result = runner.invoke(app, ["rules", "--state", "TX"])
    assert result.exit_code == 0
    assert "does not differ" in result.output
    assert "Same as the default" in result.output


def test_rules_state_refuses_an_unknown_state_in_a_sentence() -> None:
    result = runner.invoke(app, ["rules", "--state", "ZZ"])
    assert result.exit_code == 2
    assert "no profile for that state" in result.output
    assert "NJ" in result.output
