"""Money: ``Decimal`` amounts in US dollars, rounded to cents by one rule.

The rounding rule of cobsim: every amount that leaves a calculation is rounded to the cent with
``ROUND_HALF_UP`` (half a cent rounds away from zero), the way claims systems and remittances round. Amounts are
rounded once per calculated figure (a payer's line payment, a deductible applied, a coinsurance amount), never
in the middle of a formula. Floats are refused: ``0.1 + 0.2`` is not money.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a ``Decimal`` rounded half-up to the cent.

    Examples:
        >>> money("12.345")
        Decimal('12.35')
        >>> money(7)
        Decimal('7.00')
    """
    if isinstance(value, float):
        raise TypeError(f"money must not be a float ({value!r}); give a string such as '{value:.2f}'")
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{value!r} is not an amount of money") from exc
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not a finite amount of money")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _parse_money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("an amount of money must be a number or a decimal string, not true/false")
    if isinstance(value, float):
        # JSON numbers arrive as floats only when a caller parsed JSON without parse_float=Decimal.
        # repr() of a float is the shortest string that round-trips, so 12.1 stays 12.1.
        value = repr(value)
    if not isinstance(value, (Decimal, int, str)):
        raise ValueError(f"an amount of money must be a number or a decimal string, not {type(value).__name__}")
    try:
        exact = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{value!r} is not an amount of money") from exc
    if not exact.is_finite():
        raise ValueError(f"{value!r} is not a finite amount of money")
    if exact < 0:
        raise ValueError(f"an amount of money cannot be negative (got {value})")
    if exact != exact.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError(f"{value!r} has fractions of a cent; give dollars and cents such as '12.35'")
    return money(exact)


def _parse_rate(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("a rate must be a number between 0 and 1")
    if isinstance(value, float):
        value = repr(value)
    try:
        rate = Decimal(value)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValueError(f"{value!r} is not a rate between 0 and 1") from exc
    if not rate.is_finite() or rate < 0 or rate > 1:
        raise ValueError(f"a rate must be between 0 and 1 (got {value!r})")
    return rate


#: A non-negative amount of money in dollars, serialised as a string with two decimals ("120.00").
Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "description": "US dollars, e.g. '120.00'"}),
]

#: A fraction between 0 and 1 (coinsurance 0.20 = the member pays 20%), serialised as a string.
Rate = Annotated[
    Decimal,
    BeforeValidator(_parse_rate),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^(0(\.\d+)?|1(\.0+)?)$", "description": "fraction from 0 to 1"}),
]


#: Money the engine computed (already a rounded ``Decimal``): checked as a Decimal, not re-parsed - used by the
#: output models, where the engine's own figures need no string parsing.
MoneyOut = Annotated[
    Decimal,
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d+\.\d{2}$", "description": "US dollars, e.g. '120.00'"}),
]


def percent_of(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount × rate`` rounded half-up to the cent.

    Examples:
        >>> percent_of(Decimal("2000.00"), Decimal("0.2"))
        Decimal('400.00')
    """
    return money(amount * rate)
