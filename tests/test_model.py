"""The case model refuses bad input with a sentence that names the case and the field - never a traceback."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cobsim.errors import InvalidCase, InvalidInput
from cobsim.io import MAX_CASE_BYTES, case_from_json, case_to_json, parse_case
from cobsim.model.money import money


def base() -> dict[str, Any]:
    return {
        "id": "family-1",
        "people": [
            {"id": "mom", "birth_date": "1980-03-01", "sex": "F"},
            {"id": "dad", "birth_date": "1979-07-04", "sex": "M"},
            {"id": "kid", "birth_date": "2012-05-05", "sex": "F"},
        ],
        "relationships": [
            {"kind": "spouse", "a": "mom", "b": "dad"},
            {"kind": "parent", "parent": "mom", "child": "kid"},
            {"kind": "parent", "parent": "dad", "child": "kid"},
        ],
        "employers": [{"id": "e1", "employees": 50}],
        "coverages": [
            {
                "id": "mom-plan",
                "kind": "group",
                "member": "kid",
                "subscriber": "mom",
                "relationship": "child",
                "employer": "e1",
                "start": "2015-01-01",
            }
        ],
        "claim": {"patient": "kid", "service_date": "2025-06-02"},
    }


def problem(raw: dict[str, Any]) -> str:
    with pytest.raises(InvalidCase) as info:
        parse_case(raw)
    return str(info.value)


def test_a_good_case_parses_and_round_trips() -> None:
    case = parse_case(base())
    again = case_from_json(case_to_json(case))
    assert again == case


def test_child_born_before_parent() -> None:
    raw = base()
    raw["people"][2]["birth_date"] = "1975-01-01"
    msg = problem(raw)
    assert "case 'family-1'" in msg
    assert "child 'kid' (born 1975-01-01) is born before or with parent 'mom'" in msg


def test_coverage_that_ends_before_it_starts() -> None:
    raw = base()
    raw["coverages"][0]["end"] = "2014-12-31"
    msg = problem(raw)
    assert "coverages[0] ('mom-plan')" in msg
    assert "ends on 2014-12-31, before it starts on 2015-01-01" in msg


def test_subscriber_not_in_the_case() -> None:
    raw = base()
    raw["coverages"][0]["subscriber"] = "grandpa"
    assert "names subscriber 'grandpa', who is not among the people of the case" in problem(raw)


def test_decree_naming_a_stranger() -> None:
    raw = base()
    raw["people"].append({"id": "neighbor", "birth_date": "1970-01-01", "sex": "M"})
    raw["children"] = [
        {"child": "kid", "parents_status": "divorced", "decree": {"responsible": ["neighbor"]}},
    ]
    assert "the court decree for 'kid' names 'neighbor', who is not a parent or guardian" in problem(raw)


def test_impossible_date() -> None:
    raw = base()
    raw["claim"]["service_date"] = "2025-02-30"
    msg = problem(raw)
    assert "claim.service_date" in msg
    assert "is not a day of the calendar" in msg


def test_custodial_parent_must_be_a_parent() -> None:
    raw = base()
    raw["children"] = [{"child": "kid", "parents_status": "divorced", "custodial_parent": "kid"}]
    assert "the custodial parent of 'kid' is 'kid'" in problem(raw)


def test_child_coverage_needs_a_parental_relationship() -> None:
    raw = base()
    raw["relationships"] = raw["relationships"][:1]
    assert "do not say 'mom' is a parent, stepparent or guardian of 'kid'" in problem(raw)


def test_spouse_coverage_needs_a_partner_relationship() -> None:
    raw = base()
    raw["coverages"][0].update(member="dad", relationship="spouse")
    raw["relationships"] = raw["relationships"][1:]
    assert "do not say they are spouses or partners" in problem(raw)


def test_self_relationship_means_member_is_subscriber() -> None:
    raw = base()
    raw["coverages"][0]["relationship"] = "self"
    assert "relationship 'self' means the member is the subscriber" in problem(raw)


def test_unknown_field_is_named() -> None:
    raw = base()
    raw["coverages"][0]["plan_type"] = "PPO"
    msg = problem(raw)
    assert "coverages[0] ('mom-plan').plan_type" in msg
    assert "is not a field of the case format" in msg


def test_unknown_code_lists_the_accepted_values() -> None:
    raw = base()
    raw["coverages"][0]["kind"] = "grup"
    msg = problem(raw)
    assert "coverages[0] ('mom-plan').kind" in msg
    assert "'group'" in msg


def test_issuable_ssn_is_refused() -> None:
    raw = base()
    area, group, serial = 123, 45, 6789  # an issuable area: the model must refuse it (built here, never stored)
    raw["people"][0]["ssn"] = f"{area:03d}-{group:02d}-{serial:04d}"
    assert "synthetic people only" in problem(raw)


@pytest.mark.parametrize("ssn", ["900-12-3456", "000-12-3456", "666-12-3456", "999-99-9999"])
def test_never_issued_ssns_are_accepted(ssn: str) -> None:
    raw = base()
    raw["people"][0]["ssn"] = ssn
    assert parse_case(raw).people[0].ssn == ssn


def test_several_problems_are_all_reported() -> None:
    raw = base()
    del raw["claim"]["service_date"]
    raw["people"][1]["sex"] = "male"
    msg = problem(raw)
    assert "2 problems" in msg
    assert "claim.service_date: is required" in msg
    assert "people[1] ('dad').sex" in msg


def test_duplicate_ids() -> None:
    raw = base()
    raw["coverages"].append(copy.deepcopy(raw["coverages"][0]))
    assert "two coverage records have the id 'mom-plan'" in problem(raw)


def test_expected_order_must_name_coverages_of_the_case() -> None:
    raw = base()
    raw["expected"] = {"order": ["nope"]}
    assert "the expected answer names coverage 'nope'" in problem(raw)


def test_money_refuses_floats_and_fractions_of_cents() -> None:
    with pytest.raises(TypeError):
        money(0.1)  # type: ignore[arg-type]
    raw = base()
    raw["claim"]["lines"] = [{"id": "1", "code": "99213", "billed": "12.345"}]
    assert "fractions of a cent" in problem(raw)
    raw["claim"]["lines"] = [{"id": "1", "code": "99213", "billed": "-5"}]
    assert "cannot be negative" in problem(raw)


def test_not_json_and_too_large() -> None:
    with pytest.raises(InvalidInput, match="not valid JSON"):
        case_from_json("{not json")
    with pytest.raises(InvalidInput, match="at most"):
        case_from_json(" " * (MAX_CASE_BYTES + 1))
    with pytest.raises(InvalidCase, match="must be a JSON object"):
        case_from_json("[1, 2]")


def test_control_characters_in_names_are_refused() -> None:
    raw = base()
    raw["people"][0]["name"] = "Eve\x1b[31m"
    assert "people[0] ('mom').name" in problem(raw)


def test_models_are_frozen() -> None:
    case = parse_case(base())
    with pytest.raises(ValueError, match="frozen"):
        case.people[0].birth_date = case.people[1].birth_date  # type: ignore[misc]


def test_two_medicare_coverages_at_once_are_refused() -> None:
    raw = base()
    raw["people"][0]["birth_date"] = "1950-01-01"
    raw["coverages"] = [
        {
            "id": "m1",
            "kind": "medicare",
            "member": "mom",
            "subscriber": "mom",
            "relationship": "self",
            "start": "2015-01-01",
        },
        {
            "id": "m2",
            "kind": "medicare_advantage",
            "member": "mom",
            "subscriber": "mom",
            "relationship": "self",
            "start": "2020-01-01",
        },
    ]
    raw["claim"]["patient"] = "mom"
    assert "Original Medicare or in one Medicare Advantage plan, not both" in problem(raw)
    raw["coverages"][0]["end"] = "2019-12-31"
    assert parse_case(raw).coverages[1].id == "m2"


def test_python_construction_is_as_strict_as_a_document() -> None:
    """Models built in Python take the same values as documents (plus date and Decimal objects)."""
    from datetime import date
    from decimal import Decimal

    from pydantic import ValidationError

    from cobsim.model.case import Employer, Employment, Injury

    with pytest.raises(ValidationError, match="not '5'"):
        Employer(id="e", employees="5")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="give true or false"):
        Employer(id="e", employees=5, federal="yes")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="is not an id"):
        Employment(person=" mom", employer="e", status="active")
    assert Employment(person="mom", employer="e", status="active", start=date(2020, 1, 1)).start == date(2020, 1, 1)
    with pytest.raises(ValidationError, match="a date is written as text"):
        Injury(kind="auto", accident_date=Decimal(20200101))  # type: ignore[arg-type]


def test_timeline_months_stay_in_the_date_window() -> None:
    from typer.testing import CliRunner

    from cobsim.cli import app
    from tests.conftest import EXAMPLES

    result = CliRunner().invoke(
        app, ["timeline", str(EXAMPLES / "naic" / "c02-birthday-rule.json"), "--from", "2025-01", "--to", "9999-12"]
    )
    assert result.exit_code == 2
    assert "--to 9999-12-01 is outside the dates cobsim accepts (1900-01-01 to 2099-12-31)" in result.output
