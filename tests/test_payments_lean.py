"""The lean paths of validation and payments (issue 16) give what the plain paths gave: the same values, the same
refusals, the same determinations.

The byte-for-byte check is the golden comparison of generated runs; these tests pin the invariants each fast path
rests on, so that a later change to a check or a model cannot make a fast path drift from the check it skips.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

import pytest

from cobsim import solve
from cobsim.errors import InvalidCase
from cobsim.io import parse_case
from cobsim.model import base
from cobsim.model.base import FORBIDDEN_CHARS, quote
from cobsim.model.money import _READ, CENT, ZERO, _parse_money, money
from cobsim.rules import payment_methods as pm
from cobsim.trace import Adjustment, PayerEob, PayerLine
from tests.conftest import YAML_CASES

_ABSURD = Decimal("1e20")


def _money_before(value: Any) -> Decimal:
    """``money`` as it was written before the fast path (issue 16), kept here as the reference."""
    if isinstance(value, float):
        raise TypeError(f"money must not be a float ({value!r}); give a string such as '{value:.2f}'")
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValueError(f"{quote(value)} is not an amount of money") from exc
    if not amount.is_finite():
        raise ValueError(f"{quote(value)} is not a finite amount of money")
    if abs(amount) >= _ABSURD:
        raise ValueError(f"{quote(str(value))} is too large to be an amount of money")
    with localcontext() as ctx:
        ctx.prec = 40
        rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return ZERO if rounded.is_zero() else rounded


def _outcome(func: Any, value: Any) -> str:
    try:
        return repr(func(value))
    except Exception as exc:  # the type and message are what is compared
        return f"{type(exc).__name__}: {exc}"


def _amounts() -> list[Any]:
    rng = random.Random(16)
    out: list[Any] = [
        "12.345", "-0", "0E+5", "1e19", "-1e19", "9.99e19", "1e20", "-1e20", "1e30", "NaN", "-Infinity", "sNaN",
        "abc", " 5 ", "5.", ".5", "1_000", "\u0663", "0.005", "-0.005", "0.0049999", "99999999.99", 7, -7, 0,
        10**25, Decimal("-0.001"), Decimal("0E+30"), Decimal("Infinity"), Decimal("NaN"), 0.1, None, [1], True,
    ]  # fmt: skip
    for _ in range(3000):
        scale = rng.randint(0, 8)
        out.append(Decimal(rng.randint(-(10**14), 10**14)).scaleb(-scale))
        out.append(f"{rng.randint(0, 10**9)}.{rng.randint(0, 999)}")
    return out


def test_money_rounds_and_refuses_as_before() -> None:
    for value in _amounts():
        assert _outcome(money, value) == _outcome(_money_before, value), value


def test_money_text_is_read_as_money_and_refusals_are_not_remembered() -> None:
    for text in ("12.3", "12.30", "0", "0.00", "99999999.99", "5"):
        first, again = _parse_money(text), _parse_money(text)
        assert first == again == money(text)
        assert str(first) == str(money(text))
    for bad in ("12.345", "-1.00", "1e3", "123456789.00", "\u0661.00"):
        messages = {_outcome(_parse_money, bad) for _ in range(2)}
        assert len(messages) == 1
        assert messages.pop().startswith("ValueError: ")
        assert bad not in _READ


def test_every_forbidden_character_is_one_isprintable_refuses() -> None:
    """Text that is printable holds no forbidden character: the text check returns it without the search."""
    forbidden = re.compile(f"[{FORBIDDEN_CHARS}]")
    assert not [c for c in range(sys.maxunicode + 1) if forbidden.match(chr(c)) and chr(c).isprintable()]


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (base._id, "cov-1", "bad id!"),
        (base.check_date, "2025-06-02", "2025-02-30"),
        (base.check_date, "1980-01-31", "1899-12-31"),
        (base._text_check(10), "Zoë", "x" * 11),
        (base._text_check(10), "a\u00a0b", "a\u202eb"),
        (base.pattern_type("[A-Z]{2}", "a code", "NJ").check, "NJ", "nj"),
        (base.whole_number(1, 5).check, 3, 6),
        (base.whole_number(1, 5).check, 5, True),
    ],
)
def test_checks_with_fast_paths_accept_and_refuse_as_before(check: Any, good: Any, bad: Any) -> None:
    assert check(good) == check(good)
    refusals = {_outcome(check, bad) for _ in range(3)}
    assert len(refusals) == 1
    assert refusals.pop().startswith("ValueError: ")


def test_line_input_of_is_the_constructor() -> None:
    names = [f.name for f in fields(pm.LineInput)]
    values: dict[str, Any] = {name: Decimal(i) for i, name in enumerate(names)}
    values["priors"] = ()
    built = pm.LineInput.of(values)
    assert built == pm.LineInput(**values)
    assert built.prior_paid == ZERO


def test_payments_give_every_field_of_a_formula_input(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[frozenset[str]] = []
    original = pm.LineInput.of.__func__  # type: ignore[attr-defined]

    def recording(cls: type[pm.LineInput], values: dict[str, Any]) -> pm.LineInput:
        seen.append(frozenset(values))
        return original(cls, values)  # type: ignore[no-any-return]

    monkeypatch.setattr(pm.LineInput, "of", classmethod(recording))
    paid = 0
    for _, data in YAML_CASES:
        if not data.get("claim", {}).get("lines"):
            continue
        try:
            det = solve(parse_case(data))
        except InvalidCase:
            continue
        paid += det.payments is not None and det.payments.complete
    assert paid > 50
    assert seen
    assert set(seen) == {frozenset(f.name for f in fields(pm.LineInput))}


def test_payments_hold_output_models() -> None:
    for _, data in YAML_CASES:
        if not data.get("claim", {}).get("lines"):
            continue
        det = solve(parse_case(data))
        if det.payments is None or not det.payments.complete:
            continue
        for eob in det.payments.eobs:
            assert isinstance(eob, PayerEob)
            assert all(isinstance(line, PayerLine) for line in eob.lines)
            assert all(isinstance(a, Adjustment) for line in eob.lines for a in line.adjustments)
            for line in eob.lines:  # billed = paid + the adjustments
                assert line.billed == line.paid + sum((a.amount for a in line.adjustments), ZERO)


def test_format_1_1_fields_read_the_fields_set() -> None:
    data = next(d for _, d in YAML_CASES if d.get("coverages") and d.get("schema_version", "1.0") == "1.0")
    case = parse_case(data)
    first = case.coverages[0]
    # written out with the 1.1 fields at their defaults, a 1.0 case stays a 1.0 case
    explicit = {**data, "coverages": [{**data["coverages"][0], "payer_id": None, "crossover": None}]}
    explicit["coverages"] += data["coverages"][1:]
    explicit["claim"] = {**data["claim"], "outside_us": False, "diagnoses": []}
    assert parse_case(explicit).format_1_1_fields() == []
    # a value set after validation counts, as before
    changed = case.model_copy(update={"coverages": (first.model_copy(update={"crossover": True}), *case.coverages[1:])})
    assert changed.format_1_1_fields() == ["coverages[0].crossover"]
    with pytest.raises(InvalidCase, match=r"coverages\[0\]\.crossover is new in case format 1\.1"):
        parse_case(
            {**explicit, "coverages": [{**explicit["coverages"][0], "crossover": True}, *explicit["coverages"][1:]]}
        )
