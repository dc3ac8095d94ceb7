"""Every catalogued kind of bad input, with the one sentence it gets (issue 11's catalogue, kind by kind).

Each case starts from a small valid family, changes one thing, and checks the message names the case, the field
and (for facts that disagree) both dates. Documents go through the library's one reader, ``case_from_json``.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from cobsim.engine import solve
from cobsim.errors import InvalidCase, InvalidInput
from cobsim.io import case_from_json, case_to_json, parse_case
from cobsim.jsonio import JsonError, loads
from cobsim.medicare import add_months, aged_entitlement_start, attains_age_on, month_end
from cobsim.model import limits
from cobsim.model.case import Case, ClaimLine
from cobsim.model.money import format_money, money


def family() -> dict[str, Any]:
    return {
        "id": "fam",
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
        "employment": [{"person": "mom", "employer": "e1", "status": "active", "start": "2010-01-04"}],
        "coverages": [
            {
                "id": "mom-plan",
                "kind": "group",
                "member": "kid",
                "subscriber": "mom",
                "relationship": "child",
                "employer": "e1",
                "start": "2015-01-01",
                "benefits": {"deductible": "500.00", "coinsurance": "0.20"},
            }
        ],
        "claim": {
            "patient": "kid",
            "service_date": "2025-06-02",
            "lines": [{"id": "1", "code": "G0001", "billed": "200.00", "allowed": {"mom-plan": "150.00"}}],
        },
    }


def refused(doc: Any) -> str:
    """The sentence a document is refused with (it must be refused, and by cobsim's own errors)."""
    text = doc if isinstance(doc, (str, bytes)) else json.dumps(doc)
    with pytest.raises((InvalidCase, InvalidInput)) as info:
        case_from_json(text)
    message = str(info.value)
    assert message.replace("\n", " ").isprintable(), message
    assert len(message) < 1_500, message[:300]
    return message


def changed(path: str, value: Any) -> dict[str, Any]:
    """The family with one value replaced (``path`` like ``claim.lines.0.billed``)."""
    doc = family()
    node: Any = doc
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return doc


def test_the_family_is_valid_and_solves() -> None:
    case = case_from_json(json.dumps(family()))
    assert solve(case).order == ("mom-plan",)


# ----------------------------------------------------------------------------------------- JSON documents

JSON_KINDS = [
    (
        "too large",
        '{"id": "x", "title": "' + "a" * limits.MAX_CASE_BYTES + '"}',
        "a case may be at most 1,000,000 bytes",
    ),
    ("nested 1,000 deep", '{"id": ' + "[" * 1_000 + "]" * 1_000 + "}", "nests deeper than 16 levels"),
    ("nested 17 deep", '{"id": ' + "[" * 16 + "]" * 16 + "}", "nests deeper than 16 levels"),
    ("an integer of 5,000 digits", '{"employees": ' + "9" * 5_000 + "}", "a number of 5,000 digits is too long"),
    ("an integer of 21 digits", '{"employees": ' + "9" * 21 + "}", "whole numbers have at most 20"),
    ("NaN", '{"employees": NaN}', "NaN is not a JSON number"),
    ("Infinity", '{"employees": -Infinity}', "-Infinity is not a JSON number"),
    ("a duplicate key", '{"id": "a", "id": "b"}', "the key 'id' appears twice in one object"),
    ("a duplicate hostile key", '{"\\u001b[2J": 1, "\\u001b[2J": 2}', "the key '\\x1b[2J' appears twice"),
    ("not UTF-8", b'{"id": "\xff"}', "not UTF-8 text (a bad byte at offset 8)"),
    ("UTF-16", json.dumps({"id": "x"}).encode("utf-16"), "UTF-16 or UTF-32 text; save it as UTF-8"),
    ("empty", "   \n ", "the document is empty"),
    ("truncated", '{"id": "x", "people": [', "not valid JSON: Expecting value (line 1, column 24)"),
    ("two documents", '{"id": "x"}{"id": "y"}', "not valid JSON: Extra data"),
    ("an array of 1,001", '{"people": [' + ",".join(["1"] * 1_001) + "]}", "an array has 1,001 items; at most 1,000"),
    ("an object of 1,001", "{" + ",".join(f'"k{i}": 1' for i in range(1_001)) + "}", "an object has 1,001 members"),
    ("not an object", "[1, 2]", "a case must be a JSON object, not a list"),
]


@pytest.mark.parametrize(("text", "message"), [k[1:] for k in JSON_KINDS], ids=[k[0] for k in JSON_KINDS])
def test_bad_json_gets_one_sentence(text: str | bytes, message: str) -> None:
    assert message in refused(text)


def test_a_byte_order_mark_is_tolerated_at_the_start_of_every_document() -> None:
    text = json.dumps(family())
    for doc in ("\ufeff" + text, b"\xef\xbb\xbf" + text.encode()):
        assert case_from_json(doc).id == "fam"
    assert "'\\ufeffmom' is not an id" in refused(text.replace('"mom"', '"\ufeffmom"', 1))  # elsewhere: a character
    named = changed("people.0.name", "\ufeffMaria")
    assert "control character U+FEFF at position 1" in refused(named)


def test_pydantics_own_json_parser_is_not_a_second_way_in() -> None:
    with pytest.raises(ValidationError) as info:
        Case.model_validate_json('{"id": "a", "id": "b"}')
    assert info.value.errors()[0]["type"] == "json_invalid"
    assert "appears twice" in str(info.value)
    assert Case.model_validate_json(json.dumps(family())).id == "fam"
    with pytest.raises(ValidationError, match="not a date"):
        Case.model_validate_json(json.dumps(changed("claim.service_date", "2025-06-02T00:00:00")))


def test_numbers_are_never_floats() -> None:
    data = loads('{"a": 0.1, "b": 1e999999999, "c": 12}')
    assert data["a"].text == "0.1"
    assert data["b"].text == "1e999999999"
    assert data["c"] == 12


# --------------------------------------------------------------------------------------- values out of range

VALUE_KINDS = [
    # money
    ("money as a JSON number", "claim.lines.0.billed", Decimal, "written as text such as '12.35', not a number"),
    ("money as an integer", "claim.lines.0.billed", 200, "not a number"),
    ("money 1e30", "claim.lines.0.billed", "1e30", "'1e30' is not an amount of money"),
    ("money 1e999999999", "claim.lines.0.billed", "1e999999999", "'1e999999999' is not an amount of money"),
    ("money with underscores", "claim.lines.0.billed", "1_000", "'1_000' is not an amount of money"),
    ("money with an exponent", "claim.lines.0.billed", "1E+2", "'1E+2' is not an amount of money"),
    ("money in Arabic-Indic digits", "claim.lines.0.billed", "١٢٣", "with ASCII digits"),
    ("money negative zero", "claim.lines.0.billed", "-0.00", "cannot be negative"),
    ("money negative", "claim.lines.0.billed", "-5.00", "cannot be negative"),
    ("money with fractions of a cent", "claim.lines.0.billed", "12.345", "fractions of a cent"),
    ("money above the limit", "claim.lines.0.billed", "100000000.00", "at most $99,999,999.99"),
    ("money padded", "claim.lines.0.billed", " 12.00", "' 12.00' is not an amount of money"),
    ("money true", "claim.lines.0.billed", True, "not true or false"),
    ("a rate above 1", "coverages.0.benefits.coinsurance", "1.5", "'1.5' is not a rate"),
    ("a rate of 7 decimals", "coverages.0.benefits.coinsurance", "0.1234567", "at most 6 decimals"),
    # booleans
    ("a boolean 'yes'", "claim.emergency", "yes", "give true or false, not 'yes'"),
    ("a boolean 'off'", "claim.emergency", "off", "give true or false, not 'off'"),
    ("a boolean '0'", "claim.emergency", "0", "give true or false, not '0'"),
    ("a boolean 1", "claim.emergency", 1, "give true or false, not a number"),
    ("a boolean 1.0", "claim.emergency", Decimal, "give true or false, not a number"),
    # dates
    ("an epoch integer as a date", "claim.service_date", 1_748_822_400, "a date is written as text YYYY-MM-DD"),
    ("a datetime as a date", "claim.service_date", "2025-06-02T00:00:00", "is not a date; write dates as YYYY-MM-DD"),
    ("a date in full-width digits", "claim.service_date", "２０２５-06-02", "is not a date"),
    ("a date that is not a day", "claim.service_date", "2025-02-30", "'2025-02-30' is not a day of the calendar"),
    ("a date after 2099", "claim.service_date", "2100-01-01", "outside the dates cobsim accepts (1900-01-01"),
    ("a date near 9999", "people.2.birth_date", "9999-12-31", "outside the dates cobsim accepts"),
    ("a date before 1900", "employment.0.start", "1899-12-31", "outside the dates cobsim accepts"),
    ("a birth before 1901-07-02", "people.1.birth_date", "1901-07-01", "is before 1901-07-02: cobsim's Medicare age"),
    # whole numbers
    ("a count as text", "employers.0.employees", "50", "give a whole number from 0 to 10,000,000, not '50'"),
    ("a count with a fraction", "employers.0.employees", Decimal, "is not a whole number"),
    ("a count too large", "employers.0.employees", 10_000_001, "10000001 is out of range"),
    ("units of zero", "claim.lines.0.units", 0, "give a whole number from 1 to 9,999"),
    ("a count true", "employers.0.employees", True, "not true or false"),
    # text
    ("a terminal escape in a name", "people.0.name", "\x1b[31mred", "control character U+001B at position 1"),
    ("a C1 control in a name", "people.0.name", "next\x85line", "control character U+0085"),
    ("a right-to-left override", "people.0.name", "abc\u202edef", "control character U+202E"),
    ("a line feed in a name", "people.0.name", "two\nlines", "control character U+000A"),
    ("a tab in a name", "people.0.name", "a\tb", "control character U+0009"),
    ("a lone surrogate in a name", "people.0.name", "\ud800", "control character U+D800"),
    ("a name too long", "people.0.name", "x" * 201, "is 201 characters long; at most 200"),
    ("a title too long", "title", "x" * 2_001, "is 2,001 characters long; at most 2,000"),
    ("a lone surrogate in an id", "coverages.0.id", "plan\ud800", "'plan\\ud800' is not an id"),
    ("an id with an escape sequence", "people.0.id", "\x1b]0;pwned\x07", "'\\x1b]0;pwned\\x07' is not an id"),
    ("an id too long", "coverages.0.id", "p" * 65, "is not an id: give 1 to 64"),
    ("an id with a colon", "coverages.0.id", "a:b", "'a:b' is not an id"),
    ("an id padded", "coverages.0.id", " mom-plan", "' mom-plan' is not an id"),
    ("an SSN in an issued area", "people.0.ssn", "-".join(("123", "45", "6789")), "is not a synthetic SSN"),
    ("a state in lower case", "claim.injury", {"kind": "auto", "state": "nj"}, "'nj' is not a two-letter state code"),
]


def _value(value: Any, label: str) -> Any:
    """``Decimal`` stands for a JSON number with a fraction, written at the text level below."""
    return "@@NUMBER@@" if value is Decimal else value


@pytest.mark.parametrize(("path", "value", "message"), [k[1:] for k in VALUE_KINDS], ids=[k[0] for k in VALUE_KINDS])
def test_each_bad_value_gets_one_sentence_naming_case_and_field(path: str, value: Any, message: str) -> None:
    text = json.dumps(changed(path, _value(value, path)))
    text = text.replace('"@@NUMBER@@"', "1.0" if "emergency" in path else "12.5")
    said = refused(text)
    assert said.startswith("case 'fam'"), said
    field = path.rsplit(".", maxsplit=1)[-1]
    assert field in said or field == "title", said
    assert message in said, said


def test_a_huge_bad_value_is_quoted_short_and_escaped() -> None:
    said = refused(changed("coverages.0.medicare", {"mbi": "\x00\x1b[2J" + "A" * 500_000}))
    assert len(said) < 400, said
    assert "\\x00\\x1b[2J" in said
    assert "(500,005 characters)" in said


def test_a_real_format_medicare_id_is_refused() -> None:
    doc = family()
    doc["people"].append({"id": "gran", "birth_date": "1950-02-02", "sex": "F"})
    doc["coverages"].append(
        {
            "id": "gran-medicare",
            "kind": "medicare",
            "member": "gran",
            "subscriber": "gran",
            "relationship": "self",
            "start": "2015-02-01",
            "medicare": {"mbi": "1EG4-TE5-MK73"},
        }
    )
    said = refused(doc)
    assert "coverages[1] ('gran-medicare').medicare.mbi: '1EG4-TE5-MK73' is not a visibly fake Medicare id" in said
    doc["coverages"][1]["medicare"]["mbi"] = "FAKE-MBI-0001"
    assert case_from_json(json.dumps(doc)).coverages[1].medicare is not None
    doc["coverages"][1]["medicare"]["mbi"] = "FAKE" + "1" * 17
    assert "is not a visibly fake Medicare id" in refused(doc)


def test_many_problems_are_counted_not_listed() -> None:
    doc = family()
    doc["people"] = [{"id": f"p{i}", "birth_date": "bad", "sex": "F"} for i in range(30)]
    said = refused(doc)
    assert "... and 20 more problems" in said
    assert said.count("is not a date") == 10


def test_an_unknown_relationship_kind_is_quoted_short() -> None:
    said = refused(changed("relationships.0", {"kind": "\x1b" + "k" * 10_000, "a": "mom", "b": "dad"}))
    assert "is not a kind of relationship" in said
    assert "\\x1b" in said
    assert len(said) < 600


# -------------------------------------------------------------------------------- impossible facts (nine classes)

FACT_KINDS = [
    (
        "employment before birth",
        "employment.0.start",
        "1979-01-01",
        "employment[0].start: employment of 'mom' is dated 1979-01-01, before 'mom' is born (1980-03-01)",
    ),
    (
        "an accident after the service date",
        "claim.injury",
        {"kind": "premises", "accident_date": "2025-06-03"},
        "claim.injury.accident_date: the accident on 2025-06-03 is after the service date 2025-06-02; a claim treats "
        "an accident that has happened",
    ),
    (
        "an accident before the patient's birth",
        "claim.injury",
        {"kind": "premises", "accident_date": "2012-05-04"},
        "claim.injury.accident_date: the accident on 2012-05-04 is before patient 'kid' is born (2012-05-05)",
    ),
    (
        "disability entitlement before birth",
        "people.2.medicare",
        {"disability_entitlement_start": "2012-05-01"},
        "people[2] ('kid').medicare.disability_entitlement_start: 2012-05-01 is before 'kid' is born (2012-05-05)",
    ),
    (
        "SSDI before birth",
        "people.2.medicare",
        {"ssdi_entitlement_start": "2011-01-01"},
        "people[2] ('kid').medicare.ssdi_entitlement_start: 2011-01-01 is before 'kid' is born (2012-05-05)",
    ),
    (
        "ESRD dialysis before birth",
        "people.2.medicare",
        {"esrd": [{"dialysis_start": "2012-01-01"}]},
        "people[2] ('kid').medicare.esrd[0].dialysis_start: 2012-01-01 is before 'kid' is born (2012-05-05)",
    ),
    (
        "an ESRD transplant before birth",
        "people.2.medicare",
        {"esrd": [{"transplant_date": "2011-01-01"}]},
        "people[2] ('kid').medicare.esrd[0].transplant_date: 2011-01-01 is before 'kid' is born (2012-05-05)",
    ),
]


@pytest.mark.parametrize(("path", "value", "message"), [k[1:] for k in FACT_KINDS], ids=[k[0] for k in FACT_KINDS])
def test_impossible_facts_are_refused_naming_the_field_and_both_dates(path: str, value: Any, message: str) -> None:
    said = refused(changed(path, value))
    assert said == f"case 'fam': {message}", said


def test_coverage_before_its_subscriber_is_born() -> None:
    doc = family()
    doc["coverages"].append(
        {
            "id": "dad-on-mom",
            "kind": "group",
            "member": "dad",
            "subscriber": "mom",
            "relationship": "spouse",
            "employer": "e1",
            "start": "1979-12-01",
        }
    )
    said = refused(doc)
    assert said == (
        "case 'fam': coverages[1].start: coverage 'dad-on-mom' for subscriber 'mom' is dated 1979-12-01, before "
        "subscriber 'mom' is born (1980-03-01)"
    )


def test_a_service_date_before_the_patients_birth() -> None:
    said = refused(changed("claim.service_date", "2012-05-04"))
    assert "claim.service_date: the service date 2012-05-04 is before patient 'kid' is born (2012-05-05)" in said


def test_claim_lines_before_the_payment_tables_begin() -> None:
    doc = changed("claim.patient", "mom")
    doc["coverages"] = [
        {
            "id": "mom-own",
            "kind": "group",
            "member": "mom",
            "subscriber": "mom",
            "relationship": "self",
            "employer": "e1",
            "start": "1985-01-01",
        }
    ]
    doc["claim"]["lines"] = [{"id": "1", "code": "G0001", "billed": "10.00"}]
    doc["claim"]["service_date"] = "1990-12-31"
    said = refused(doc)
    assert "claim.service_date: a claim with service lines is dated from 1991-01-01 on" in said
    assert "not 1990-12-31" in said
    doc["claim"]["service_date"] = "2002-06-03"  # lines without Medicare: from 1991
    assert case_from_json(json.dumps(doc)).claim.service_date == date(2002, 6, 3)
    doc["coverages"].append(
        {
            "id": "mom-mc",
            "kind": "medicare",
            "member": "mom",
            "subscriber": "mom",
            "relationship": "self",
            "start": "2002-01-01",
        }
    )
    said = refused(doc)
    assert "a claim with service lines and Medicare is dated from 2010-01-01 on (Medicare's deductibles" in said
    doc["claim"]["lines"] = []
    assert solve(case_from_json(json.dumps(doc))).order


def test_a_grandparent_younger_than_the_grandchild() -> None:
    doc = family()
    doc["people"].append({"id": "gran", "birth_date": "2013-01-01", "sex": "F"})
    doc["relationships"].append({"kind": "grandparent", "parent": "gran", "child": "kid"})
    said = refused(doc)
    assert (
        "relationships[3].parent: grandparent 'gran' (born 2013-01-01) is not older than grandchild 'kid' "
        "(born 2012-05-05)"
    ) in said


def test_a_decree_known_to_a_plan_before_it_was_issued() -> None:
    doc = family()
    doc["relationships"] = doc["relationships"][1:]
    doc["children"] = [
        {
            "child": "kid",
            "parents_status": "divorced",
            "decree": {
                "responsible": ["dad"],
                "issued": "2020-03-01",
                "known_to": [{"coverage": "mom-plan", "since": "2020-02-01"}],
            },
        }
    ]
    said = refused(doc)
    assert (
        "children[0].decree: known_to[0].since: coverage 'mom-plan' learned of the decree on 2020-02-01, before it "
        "was issued on 2020-03-01"
    ) in said
    doc["children"][0]["decree"]["known_to"][0] = {
        "coverage": "mom-plan",
        "since": "2020-04-01",
        "plan_year_end": "2020-03-31",
    }
    assert "plan_year_end 2020-03-31 is before the plan learned of the decree (since 2020-04-01)" in refused(doc)


def test_more_facts_that_cannot_be() -> None:
    doc = family()
    doc["coverages"][0]["history"] = [{"start": "2012-01-01", "end": "2014-12-31"}]
    assert "coverages[0].history[0].start: coverage 'mom-plan' for member 'kid' is dated 2012-01-01" in refused(doc)
    doc = changed("employers.0.history", [{"year": 2020, "typical_employees": 5, "twentieth_week_start": "2021-05-01"}])
    assert "twentieth_week_start 2021-05-01 is not in the year 2020 it describes" in refused(doc)
    doc = changed("coverages.0.cob_omits", ["continuation", "continuation"])
    assert "cob_omits lists a rule twice" in refused(doc)


def test_facts_before_the_engines_rules_begin() -> None:
    adult = changed("claim.patient", "mom")
    adult["claim"]["lines"] = []
    for field, day, start in (
        ("ssdi_entitlement_start", "1973-06-30", "1973-07-01"),
        ("disability_entitlement_start", "1973-06-01", "1973-07-01"),
    ):
        doc = copy.deepcopy(adult)
        doc["people"][0]["medicare"] = {field: day}
        assert f"{day} is before {start}: Medicare for people with disabilities began" in refused(doc)
    doc = copy.deepcopy(adult)
    doc["people"][0]["medicare"] = {"esrd": [{"dialysis_start": "1981-09-30"}]}
    assert "1981-09-30 is before 1981-10-01: cobsim decides ESRD entitlement" in refused(doc)


# ------------------------------------------------------------------------------------------------- sizes


def _people(n: int) -> list[dict[str, Any]]:
    return [{"id": f"p{i}", "birth_date": "1980-01-01", "sex": "F"} for i in range(n)]


def test_too_many_records_are_refused_with_the_limit() -> None:
    doc = changed("people", _people(limits.MAX_PEOPLE + 1))
    assert "people: Tuple should have at most 100 items after validation, not 101" in refused(doc)
    doc = changed("claim.lines", [{"id": str(i), "code": "G0001", "billed": "1.00"} for i in range(101)])
    assert "claim.lines: Tuple should have at most 100 items" in refused(doc)


def test_the_patients_coverages_are_capped() -> None:
    doc = family()
    doc["claim"]["lines"] = []
    plans = [
        {
            "id": f"ind-{i}",
            "kind": "individual",
            "member": "kid",
            "subscriber": "mom",
            "relationship": "child",
            "start": "2015-01-01",
        }
        for i in range(limits.MAX_COVERAGES_PER_PATIENT)
    ]
    doc["coverages"] += plans
    said = refused(doc)
    assert "coverages: patient 'kid' is the member of 33 coverages; a case may give the patient at most 32" in said
    doc["coverages"].pop()
    assert len(case_from_json(json.dumps(doc)).coverages) == 32


def test_a_case_at_every_size_limit_solves_with_exact_totals() -> None:
    doc = family()
    doc["people"] += _people(limits.MAX_PEOPLE - 3)
    cap = f"{limits.MONEY_MAX}"
    doc["claim"]["lines"] = [
        {"id": str(i), "code": "G0001", "billed": cap, "allowed": {"mom-plan": cap}}
        for i in range(limits.MAX_CLAIM_LINES)
    ]
    doc["coverages"][0]["benefits"] = {"coinsurance": "0.123457", "deductible": cap}
    case = case_from_json(json.dumps(doc))
    det = solve(case)
    assert det.payments is not None
    assert det.payments.complete
    assert det.payments.billed == limits.MONEY_MAX * limits.MAX_CLAIM_LINES  # exact: 9,999,999,999.00
    pay = det.payments
    assert sum(pay.paid.values(), Decimal(0)) + pay.patient + pay.write_off == pay.billed


# ------------------------------------------------------------------------------------- the engine's arithmetic


def test_cases_at_the_ends_of_the_date_window_solve() -> None:
    for birth, service in (("1901-07-02", "2010-01-01"), ("2099-12-30", "2099-12-31"), ("1901-07-02", "2099-12-31")):
        doc = {
            "id": "edge",
            "people": [
                {
                    "id": "p",
                    "birth_date": birth,
                    "sex": "F",
                    "medicare": {"ssdi_entitlement_start": service, "esrd": [{"dialysis_start": service}]},
                }
            ],
            "coverages": [
                {
                    "id": "mc",
                    "kind": "medicare",
                    "member": "p",
                    "subscriber": "p",
                    "relationship": "self",
                    "start": service,
                },
            ],
            "employers": [{"id": "e", "employees": 500}],
            "claim": {"patient": "p", "service_date": service},
        }
        doc["coverages"].append(
            {
                "id": "g",
                "kind": "group",
                "member": "p",
                "subscriber": "p",
                "relationship": "self",
                "employer": "e",
                "start": service,
            }
        )
        det = solve(case_from_json(json.dumps(doc)))
        assert set(det.order) <= {"mc", "g"}


def test_medicare_date_arithmetic_saturates_instead_of_overflowing() -> None:
    assert add_months(date(9999, 11, 1), 36) == date.max
    assert add_months(date(1, 2, 1), -5) == date.min
    assert month_end(date(9999, 12, 5)) == date.max
    assert attains_age_on(date(9990, 1, 1), 65) == date.max
    assert aged_entitlement_start(date(2099, 12, 31)) == date(2164, 12, 1)


# ------------------------------------------------------------------------------------------------ Python callers


def test_python_callers_may_pass_decimals_and_dates_but_not_floats_or_datetimes() -> None:
    line = ClaimLine(id="1", code="G0001", billed=Decimal("12.50"))
    assert line.billed == Decimal("12.50")
    with pytest.raises(ValidationError, match="not a number"):
        ClaimLine(id="1", code="G0001", billed=12.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="fractions of a cent"):
        ClaimLine(id="1", code="G0001", billed=Decimal("12.505"))
    raw = family()
    raw["claim"]["service_date"] = date(2025, 6, 2)
    assert parse_case(raw).claim.service_date == date(2025, 6, 2)
    from datetime import datetime

    raw["claim"]["service_date"] = datetime(2025, 6, 2)  # noqa: DTZ001 - a naive datetime is the point
    with pytest.raises(InvalidCase, match="a date is written as text"):
        parse_case(raw)


def test_no_negative_zero_is_ever_written() -> None:
    assert format_money(Decimal("-0.00")) == "0.00"
    assert format_money(Decimal("-0.004")) == "0.00"
    assert str(money(Decimal("-0.001"))) == "0.00"
    case = case_from_json(json.dumps(family()))
    assert '"-0' not in case_to_json(case)


def test_money_helper_refuses_what_no_context_can_hold() -> None:
    with pytest.raises(ValueError, match="too large to be an amount of money"):
        money("1e30")
    with pytest.raises(ValueError, match="not an amount of money"):
        money("1e999999999x")
    with pytest.raises(ValueError, match="not a finite amount"):
        money("NaN")


def test_json_errors_are_invalid_input() -> None:
    assert issubclass(JsonError, InvalidInput)
