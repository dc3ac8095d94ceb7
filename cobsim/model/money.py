"""Money: ``Decimal`` amounts in US dollars, rounded to cents by one rule.

The rounding rule of cobsim: every amount that leaves a calculation is rounded to the cent with
``ROUND_HALF_UP`` (half a cent rounds away from zero), the way claims systems and remittances round. Amounts are
rounded once per calculated figure (a payer's line payment, a deductible applied, a coinsurance amount), never
in the middle of a formula. Floats are refused: ``0.1 + 0.2`` is not money.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import PlainSerializer, WithJsonSchema

from cobsim.model.base import Checked, anchored, describe, quote
from cobsim.model.limits import MAX_RATE_PLACES, MONEY_INT_DIGITS, MONEY_MAX

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: Amounts this large or larger (in absolute value) are not money in any claim; ``money`` refuses them.
_ABSURD = Decimal("1e20")


def money(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a ``Decimal`` rounded half-up to the cent (never a negative zero).

    Raises:
        ValueError: ``value`` is a float, not a number, not finite, or beyond any amount of money.

    Examples:
        >>> money("12.345")
        Decimal('12.35')
        >>> money(7)
        Decimal('7.00')
        >>> money(Decimal("-0.001"))
        Decimal('0.00')
    """
    if type(value) is Decimal:  # the engine's own figures: no conversion
        amount = value
    elif isinstance(value, float):
        raise TypeError(f"money must not be a float ({value!r}); give a string such as '{value:.2f}'")
    else:
        try:
            amount = Decimal(value)
        except (InvalidOperation, ValueError, TypeError) as exc:
            raise ValueError(f"{quote(value)} is not an amount of money") from exc
    if not amount.is_finite():
        raise ValueError(f"{quote(value)} is not a finite amount of money")
    if not -_ABSURD < amount < _ABSURD:
        raise ValueError(f"{quote(str(value))} is too large to be an amount of money")
    rounded = amount.quantize(CENT, ROUND_HALF_UP, _CENTS)
    return ZERO if rounded.is_zero() else rounded


#: The context ``money`` rounds in: 40 digits, enough for any amount below _ABSURD to the cent, whatever the
#: caller's own context says (its flags are ``money``'s own, never the caller's).
_CENTS = Context(prec=40, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, *, grouping: bool = False) -> str:
    """An amount as text with exactly two decimals and never ``-0.00`` (``grouping`` adds thousands commas).

    Examples:
        >>> format_money(Decimal("-0.00"))
        '0.00'
        >>> format_money(Decimal("1234.5"), grouping=True)
        '1,234.50'
    """
    cents = money(amount)
    return f"{cents:,.2f}" if grouping else f"{cents:.2f}"


_MONEY_TEXT = re.compile(f"[0-9]{{1,{MONEY_INT_DIGITS}}}(\\.[0-9]{{1,2}})?")
MONEY_PATTERN = anchored(_MONEY_TEXT.pattern)
_RATE_TEXT = re.compile(f"0(\\.[0-9]{{1,{MAX_RATE_PLACES}}})?|1(\\.0{{1,{MAX_RATE_PLACES}}})?")
RATE_PATTERN = anchored(_RATE_TEXT.pattern)
_LIMIT = f"${MONEY_MAX:,}"


def _why_not_money(text: str) -> str:
    """Why a text is not an amount of money, in a few words."""
    body = text.strip()
    if body.startswith("-"):
        return "an amount of money cannot be negative"
    whole, _, cents = body.partition(".")
    if whole.isdigit() and whole.isascii() and cents.isdigit() and cents.isascii() and len(cents) > 2:
        return "it has fractions of a cent"
    if whole.isdigit() and whole.isascii() and len(whole) > MONEY_INT_DIGITS:
        return f"an amount may be at most {_LIMIT}"
    return "write dollars and cents with ASCII digits and a point, such as '12.35'"


#: Amounts already read from text (the same few amounts recur in every case); ``Decimal`` is immutable, so a
#: cached amount is the very value ``money`` would return. Bounded: emptied when full.
_READ: dict[str, Decimal] = {}
_READ_MAX = 4096


def _parse_money(value: Any) -> Decimal:
    if isinstance(value, str):
        known = _READ.get(value)
        if known is not None:
            return known
        if not _MONEY_TEXT.fullmatch(value):
            raise ValueError(f"{quote(value)} is not an amount of money: {_why_not_money(value)}")
        amount = Decimal(value).quantize(CENT, ROUND_HALF_UP, _CENTS)  # money(value), for text of this shape
        if amount.is_zero():
            amount = ZERO
        if len(_READ) >= _READ_MAX:
            _READ.clear()
        _READ[value] = amount
        return amount
    if isinstance(value, Decimal):  # from Python code; documents give text
        if not value.is_finite() or value.is_signed():
            raise ValueError(f"{quote(str(value))} is not an amount of money: give a finite amount of 0 or more")
        if value > MONEY_MAX:
            raise ValueError(f"{quote(str(value))} is more than an amount may be ({_LIMIT})")
        if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
            raise ValueError(f"{quote(str(value))} has fractions of a cent; give dollars and cents such as '12.35'")
        return money(value)
    raise ValueError(f"an amount of money is written as text such as '12.35', not {describe(value)}")


def _parse_rate(value: Any) -> Decimal:
    if isinstance(value, str):
        if not _RATE_TEXT.fullmatch(value):
            raise ValueError(
                f"{quote(value)} is not a rate: give a fraction from 0 to 1 with at most {MAX_RATE_PLACES} "
                "decimals, such as '0.20'"
            )
        return Decimal(value)
    if isinstance(value, Decimal):  # from Python code
        if not value.is_finite() or value.is_signed() or value > 1 or value.as_tuple().exponent < -MAX_RATE_PLACES:  # type: ignore[operator]
            raise ValueError(f"{quote(str(value))} is not a rate: give a fraction from 0 to 1 such as '0.20'")
        return value
    raise ValueError(f"a rate is written as text such as '0.20', not {describe(value)}")


#: A non-negative amount of money in dollars, at most MONEY_MAX, serialised as a string with two decimals.
Money = Annotated[
    Decimal,
    Checked(
        _parse_money,
        {
            "type": "string",
            "pattern": MONEY_PATTERN,
            "description": f"US dollars and cents from 0 to {MONEY_MAX}, e.g. '120.00'",
        },
    ),
    PlainSerializer(format_money, return_type=str),
]

#: A fraction between 0 and 1 (coinsurance 0.20 = the member pays 20%), serialised as a string.
Rate = Annotated[
    Decimal,
    Checked(
        _parse_rate,
        {
            "type": "string",
            "pattern": RATE_PATTERN,
            "description": f"fraction from 0 to 1, at most {MAX_RATE_PLACES} decimals",
        },
    ),
    PlainSerializer(str, return_type=str),
]


#: Money the engine computed (already a rounded ``Decimal``): checked as a Decimal, not re-parsed - used by the
#: output models, where the engine's own figures need no string parsing. Written with two decimals, never -0.00.
MoneyOut = Annotated[
    Decimal,
    PlainSerializer(format_money, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": anchored(r"[0-9]+\.[0-9]{2}"), "description": "US dollars, e.g. '120.00'"}
    ),
]


def percent_of(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount × rate`` rounded half-up to the cent.

    Examples:
        >>> percent_of(Decimal("2000.00"), Decimal("0.2"))
        Decimal('400.00')
    """
    return money(amount * rate)
