"""Shared building blocks of the case model: the frozen base model and the strict value types.

Every value type here checks a value the way the published JSON Schema (``cobsim schema``) describes it, and no
more loosely: a boolean is ``true`` or ``false`` (never ``"yes"``, ``1`` or ``1.0``); a whole number is a JSON
integer (never ``"5"`` or ``5.0``); a date is a ``"YYYY-MM-DD"`` string of ASCII digits inside
:data:`~cobsim.model.limits.DATE_MIN`..:data:`~cobsim.model.limits.DATE_MAX` (never an epoch integer or a
datetime); text is printable (no control characters, no bidirectional overrides). Python callers may also pass
``datetime.date`` objects for dates. Each type publishes its own schema, so the schema and the checks are written
side by side and cannot drift apart (``tests/test_boundaries_schema.py`` checks that they agree).

Messages quote at most :data:`~cobsim.model.limits.QUOTE_CHARS` characters of a bad value, escaped
(:func:`quote`), so a hostile value can neither flood nor drive a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from cobsim.model.limits import (
    DATE_MAX,
    DATE_MIN,
    MAX_ID_CHARS,
    MAX_LONG_TEXT_CHARS,
    MAX_TEXT_CHARS,
    QUOTE_CHARS,
)

#: The case format version the JSON Schema describes (format 1.0 cases are still read).
SCHEMA_VERSION = "1.1"

# ------------------------------------------------------------------------------------------- quoting values

#: Characters never accepted in text and always escaped in messages: C0 and C1 controls and DEL, the
#: bidirectional formatting characters (which can reorder what a reader sees), the line and paragraph
#: separators, the byte order mark (U+FEFF, invisible), and lone UTF-16 surrogates (which cannot be written as UTF-8). Written as a regular expression
#: class that Python's ``re`` and ECMA-262 read alike.
FORBIDDEN_CHARS = r"\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """``text`` with every character that is not printable written as an escape (``\\x1b``, ``\\u202e``).

    Examples:
        >>> escape("ok\\x1b[31m")
        'ok\\\\x1b[31m'
        >>> escape("Zoë")
        'Zoë'
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)


def quote(value: Any) -> str:
    """A bad value as a message quotes it: escaped, single-quoted, at most ``QUOTE_CHARS`` characters of it.

    Examples:
        >>> quote("mom\\n")
        "'mom\\\\n'"
        >>> len(quote("x" * 10_000)) < 120
        True
        >>> quote(12)
        '12'
    """
    if isinstance(value, str):
        head = value[: QUOTE_CHARS + 1]
        shown = escape(head[:QUOTE_CHARS])
        more = f"... ({len(value):,} characters)" if len(value) > QUOTE_CHARS else ""
        return f"'{shown}'{more}"
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        text = str(value) if value.bit_length() < 256 else f"a {len(str(abs(value)))}-digit number"
        return escape(text[:QUOTE_CHARS])
    return escape(str(describe(value)))


def describe(value: Any) -> str:
    """What kind of JSON value ``value`` is, for a sentence ("a number", "a list", "true or false")."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true or false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, date):
        return "a date"
    # int, float, Decimal, JsonNumber
    return "a number"


# ----------------------------------------------------------------------------------------------- value types


class JsonNumber:
    """A JSON number with a fraction or an exponent, kept as the text it was written as (never a float)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"JsonNumber({self.text[:40]!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JsonNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


@dataclass(frozen=True, eq=False)
class Checked:
    """A value type's check and published schema, as one ``Annotated`` marker: ``Annotated[str, Checked(...)]``.

    ``check`` takes the raw value and returns the value to keep, or raises ``ValueError`` with a sentence; no
    pydantic coercion runs before or after it. ``schema`` is the JSON Schema the type publishes.
    """

    check: Callable[[Any], Any]
    schema: dict[str, Any]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return dict(self.schema)


def anchored(body: str) -> str:
    r"""A schema pattern that matches ``body`` as the whole value, in ECMA-262 and Python ``re`` alike.

    ``$`` in Python's ``re`` (which Python JSON Schema validators use) also matches before a final line feed, so
    ``^[A-Z]{2}$`` would pass ``"NJ\n"``; the lookahead ``(?!\n)`` after ``$`` closes that gap.

    Examples:
        >>> bool(re.search(anchored("[A-Z]{2}"), "NJ\n"))
        False
    """
    return rf"^(?:{body})$(?!\n)"


_ID = re.compile(f"[A-Za-z0-9][A-Za-z0-9_.-]{{0,{MAX_ID_CHARS - 1}}}")
ID_PATTERN = anchored(_ID.pattern)


#: How many values each cache of checked values below keeps before it is emptied.
_SEEN_MAX = 8192
#: Ids already checked (the same ids recur: "claim", the people and coverages named in many places). Bounded.
_IDS_SEEN: set[str] = set()


def _id(value: Any) -> str:
    if type(value) is str and value in _IDS_SEEN:
        return value
    if not isinstance(value, str):
        raise ValueError(f"an id is text, not {describe(value)}")
    if not _ID.fullmatch(value):
        raise ValueError(
            f"{quote(value)} is not an id: give 1 to {MAX_ID_CHARS} letters, digits, '_', '-' or '.', "
            "starting with a letter or digit"
        )
    if type(value) is str:
        if len(_IDS_SEEN) >= _SEEN_MAX:
            _IDS_SEEN.clear()
        _IDS_SEEN.add(value)
    return value


def _text_check(max_chars: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        # every forbidden character is one str.isprintable() refuses: printable text of the length is good text
        if type(value) is str and value.isprintable() and len(value) <= max_chars:
            return value
        if not isinstance(value, str):
            raise ValueError(f"expected text, not {describe(value)}")
        if len(value) > max_chars:
            raise ValueError(f"is {len(value):,} characters long; at most {max_chars:,} are accepted")
        bad = _FORBIDDEN.search(value)
        if bad is not None:
            raise ValueError(
                f"{quote(value)} contains the control character U+{ord(bad.group()):04X} at position "
                f"{bad.start() + 1}; text must be printable (no control, bidirectional-override or line-break "
                "characters)"
            )
        return value

    return check


def _text_schema(max_chars: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_chars, "pattern": anchored(f"[^{FORBIDDEN_CHARS}]*")}


def pattern_type(pattern: str, what: str, example: str) -> Checked:
    """A text value that must match ``pattern`` (ASCII-only); refused as "not ``what``; write it like ``example``".

    Use as ``Annotated[str, pattern_type(...)]``.
    """
    compiled = re.compile(pattern)
    seen: set[str] = set()  # values already checked (codes recur from case to case); bounded

    def check(value: Any) -> str:
        if type(value) is str and value in seen:
            return value
        if not isinstance(value, str):
            raise ValueError(f"{what} is text, not {describe(value)}")
        if not compiled.fullmatch(value):
            raise ValueError(f"{quote(value)} is not {what}; write it like {example!r}")
        if type(value) is str:
            if len(seen) >= _SEEN_MAX:
                seen.clear()
            seen.add(value)
        return value

    return Checked(check, {"type": "string", "pattern": anchored(pattern)})


def _flag(value: Any) -> bool:
    if value is True or value is False:
        return value
    raise ValueError(f"give true or false, not {quote(value) if isinstance(value, str) else describe(value)}")


def whole_number(minimum: int, maximum: int) -> Checked:
    """A JSON integer from ``minimum`` to ``maximum``: ``Annotated[int, whole_number(0, 10)]``.

    As JSON Schema defines "integer", a number with a zero fraction (``5.0``, ``1e2``) is that integer; true and
    false, text ("5") and fractions are refused.
    """

    def check(value: Any) -> int:
        if type(value) is int and minimum <= value <= maximum:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, JsonNumber)):
            shown = quote(value) if isinstance(value, str) else describe(value)
            raise ValueError(f"give a whole number from {minimum:,} to {maximum:,}, not {shown}")
        if isinstance(value, int):
            number: int | Decimal = value
        else:  # a float, a Decimal, or a cobsim.jsonio.JsonNumber ("5.0", "1e2"): exact, never through a float
            try:
                number = Decimal(value.text if isinstance(value, JsonNumber) else str(value))
            except ArithmeticError:  # pragma: no cover - JSON numbers are always valid decimals
                number = Decimal("NaN")
            if not number.is_finite() or number != number.to_integral_value():
                shown = _number_text(value)
                raise ValueError(f"{shown} is not a whole number: give a whole number from {minimum:,} to {maximum:,}")
        if not minimum <= number <= maximum:
            shown = quote(value) if isinstance(value, int) else _number_text(value)
            raise ValueError(f"{shown} is out of range: give a whole number from {minimum:,} to {maximum:,}")
        return int(number)

    return Checked(check, {"type": "integer", "minimum": minimum, "maximum": maximum})


def _number_text(value: float | Decimal | JsonNumber) -> str:
    text = value.text if isinstance(value, JsonNumber) else str(value)
    return escape(text[:QUOTE_CHARS]) + ("..." if len(text) > QUOTE_CHARS else "")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: The schema's date pattern: ``format: date`` plus the years the window allows (19xx and 20xx).
DATE_PATTERN = anchored(r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")


#: Dates already read from text, by their text (``date`` is immutable). Bounded: emptied when full.
_DATES_READ: dict[str, date] = {}


def check_date(value: Any) -> date:
    """A date as the case format takes it: ``"YYYY-MM-DD"`` (or a ``date``), inside the documented window."""
    if type(value) is str:
        known = _DATES_READ.get(value)
        if known is not None:
            return known
    if type(value) is date:
        day = value
    elif isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(f"{quote(value)} is not a date; write dates as YYYY-MM-DD, such as '2025-06-02'")
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{quote(value)} is not a day of the calendar") from None
    else:
        raise ValueError(f"a date is written as text YYYY-MM-DD, not {describe(value)}")
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(f"{day} is outside the dates cobsim accepts ({DATE_MIN} to {DATE_MAX})")
    if type(value) is str:
        if len(_DATES_READ) >= _SEEN_MAX:
            _DATES_READ.clear()
        _DATES_READ[value] = day
    return day


#: An identifier inside a case: letters, digits, '_', '-', '.'; never ':' (it breaks DOT graph ids).
Id = Annotated[str, Checked(_id, {"type": "string", "pattern": ID_PATTERN})]
#: Free text a person typed (names, payers). Printable characters only, at most 200; never rendered as HTML.
Text = Annotated[str, Checked(_text_check(MAX_TEXT_CHARS), _text_schema(MAX_TEXT_CHARS))]
#: Longer free text (titles, notes, sources, quotes): printable, at most 2,000 characters, on one line.
LongText = Annotated[str, Checked(_text_check(MAX_LONG_TEXT_CHARS), _text_schema(MAX_LONG_TEXT_CHARS))]
#: A two-letter U.S. state or territory code (NJ, MI...).
StateCode = Annotated[str, pattern_type("[A-Z]{2}", "a two-letter state code", "NJ")]
#: ``true`` or ``false``, and nothing else.
Flag = Annotated[bool, Checked(_flag, {"type": "boolean"})]
#: A calendar day from 1900-01-01 to 2099-12-31, written ``"YYYY-MM-DD"``.
Day = Annotated[
    date,
    Checked(
        check_date,
        {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "description": f"a day from {DATE_MIN} to {DATE_MAX}, written YYYY-MM-DD",
        },
    ),
]


def _digits_from_to(lo: str, hi: str) -> str:
    """A regular expression for the numbers from ``lo`` to ``hi`` written with the same number of digits.

    Examples:
        >>> _digits_from_to("1902", "2099")
        '(?:19(?:0[2-9]|[1-9][0-9])|20[0-9][0-9])'
    """
    if lo == hi:
        return lo
    if len(lo) == 1:
        return f"[{lo}-{hi}]"
    if lo[0] == hi[0]:
        return lo[0] + _digits_from_to(lo[1:], hi[1:])
    rest = len(lo) - 1
    parts = [lo[0] + _digits_from_to(lo[1:], "9" * rest)] if lo[1:] != "0" * rest else []
    first_full = int(lo[0]) + (0 if lo[1:] == "0" * rest else 1)
    last_full = int(hi[0]) - (0 if hi[1:] == "9" * rest else 1)
    if first_full <= last_full:
        span = str(first_full) if first_full == last_full else f"[{first_full}-{last_full}]"
        parts.append(span + ("[0-9]" if rest == 1 else f"[0-9]{{{rest}}}"))
    if hi[1:] != "9" * rest:
        parts.append(hi[0] + _digits_from_to("0" * rest, hi[1:]))
    return "(?:" + "|".join(parts) + ")" if len(parts) > 1 else parts[0]


def _pattern_from(earliest: date) -> str:
    """The schema pattern of the days from ``earliest`` to DATE_MAX (the calendar check is ``format: date``)."""
    mm, dd = "(?:0[1-9]|1[0-2])", "(?:0[1-9]|[12][0-9]|3[01])"
    y, m, d = f"{earliest.year:04d}", f"{earliest.month:02d}", f"{earliest.day:02d}"
    parts = [f"{y}-{m}-{_digits_from_to(d, '31')}"]
    if earliest.month < 12:
        parts.append(f"{y}-{_digits_from_to(f'{earliest.month + 1:02d}', '12')}-{dd}")
    if earliest.year < DATE_MAX.year:
        parts.append(f"{_digits_from_to(f'{earliest.year + 1:04d}', str(DATE_MAX.year))}-{mm}-{dd}")
    return anchored("|".join(parts))


def days_from(earliest: date, why: str) -> Checked:
    """A day from ``earliest`` (not DATE_MIN) to DATE_MAX, for facts the engine decides only from that day on.

    Use as ``Annotated[date, days_from(date(1973, 7, 1), "...")]``; ``why`` ends the refusal ("... is before
    1973-07-01: ``why``") and the schema's description.
    """

    def check(value: Any) -> date:
        day = check_date(value)
        if day < earliest:
            raise ValueError(f"{day} is before {earliest}: {why}")
        return day

    return Checked(
        check,
        {
            "type": "string",
            "format": "date",
            "pattern": _pattern_from(earliest),
            "description": f"a day from {earliest} to {DATE_MAX}, written YYYY-MM-DD ({why})",
        },
    )


class FrozenModel(BaseModel):
    """Base of every case model: frozen, unknown fields refused, values taken exactly as given.

    ``model_validate_json`` reads through the strict JSON reader of :mod:`cobsim.jsonio` (size, depth and
    integer limits, duplicate keys refused), so pydantic's own JSON parser is never a second way in.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Any:
        """Validate a JSON document through :func:`cobsim.jsonio.loads` (pydantic's own parser is not used).

        Raises:
            pydantic.ValidationError: the text is not acceptable JSON (type ``json_invalid``), or the data is not
                a valid instance of the model.
        """
        from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError  # noqa: PLC0415

        from cobsim.jsonio import JsonError, loads  # noqa: PLC0415  (jsonio is a leaf; imported when used)

        try:
            data = loads(bytes(json_data) if isinstance(json_data, bytearray) else json_data)
        except JsonError as exc:
            detail = InitErrorDetails(type=PydanticCustomError("json_invalid", str(exc)), loc=(), input="")
            raise ValidationError.from_exception_data(cls.__name__, [detail]) from None
        return cls.model_validate(data, strict=strict, extra=extra, context=context, by_alias=by_alias, by_name=by_name)
