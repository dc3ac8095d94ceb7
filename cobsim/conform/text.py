"""Text that came from an engine under test, made safe to show: one line, printable, bounded.

An engine's error message, its handshake name or a coverage id it invented may hold control characters (which
move a terminal's cursor and make XML ill-formed), lone surrogates (which no UTF-8 writer can encode), or
bidirectional overrides (which make a line read differently from what it says). :func:`clean` shows each such
character as a visible escape and cuts long text, so the console, ``junit.xml`` and ``report.html`` carry the
engine's words literally and never break.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

import orjson

_ESCAPES: dict[int, str] = {}
for _code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]:
    _ESCAPES[_code] = f"\\x{_code:02x}"
for _code in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]:
    _ESCAPES[_code] = f"\\u{_code:04x}"
for _code in range(0xD800, 0xE000):  # lone surrogates (a JSON "\udc80" escape decodes to one)
    _ESCAPES[_code] = f"\\u{_code:04x}"

#: Longest text from an engine shown in one message (the report files keep the whole answer).
SHORT = 300


def clean(value: object, limit: int = SHORT) -> str:
    """``value`` as one printable line of at most about ``limit`` characters.

    Examples:
        >>> clean("bad\\x1b[2Jthing")
        'bad\\\\x1b[2Jthing'
        >>> clean("x" * 10, limit=4)
        'xxxx... (6 more characters)'
        >>> clean("\\udc80")
        '\\\\udc80'
    """
    if type(value) is str and len(value) <= limit and value.isprintable():
        return value  # nothing to escape or cut (every escaped character is not printable)
    text = value if isinstance(value, str) else str(value)
    extra = len(text) - limit
    if extra > 0:
        text = text[:limit]
    text = text.translate(_ESCAPES)
    return f"{text}... ({extra:,} more characters)" if extra > 0 else text


def clean_block(value: str, limit: int = 65_536) -> str:
    """Several lines of engine text (stderr), each cleaned; newlines and tabs kept."""
    lines = value[-limit:].split("\n")
    return "\n".join(clean(line.replace("\t", "    "), limit) for line in lines)


def dumps(data: Any) -> str:
    """Compact, deterministic, ASCII-only JSON: safe in any file whatever strings ``data`` holds."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


# ------------------------------------------------------------------------------------------ fast JSON (orjson)
#
# The kit reads a fixture line and an answer, and writes a message and a report line, for every case. orjson does
# each several times faster than the json module, and gives the same values and the same bytes on nearly all data;
# these helpers use it only where that is certain and otherwise return ``SLOW`` (reading) or take the json module
# (writing), so every result, error message and byte stays as the json module makes it. Where the two differ:
#
# * an integer beyond 64 bits (below -2**63 or above 2**64 - 1): orjson reads it as a float (such a run of digits,
#   even inside a string, takes the json path);
# * nesting: the json module refuses a depth near Python's recursion limit, orjson only beyond 1,024 (more than
#   MAX_BRACKETS brackets in all takes the json path);
# * a float below 1e-4 in size: orjson writes 0.00001 or 1e-7 where json writes 1e-05 or 1e-07; infinity and NaN
#   (which the json module can read from 1e400): orjson writes null, json Infinity and NaN;
# * a lone surrogate escape (\\ud800), NaN, infinity, an integer of more than 64 bits or a number too large for a
#   float: orjson refuses what json reads or writes (its error is never shown: the json module does it again).

SLOW: Final = object()  #: what :func:`loads` returns when the json module must read the text
MAX_BRACKETS = 400
_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19
_RUN = re.compile(rb"[0-9]+")
_WRITE_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def loads(raw: bytes) -> Any:
    """``json.loads(raw.decode("utf-8"))`` read by orjson when that gives the very same value, else :data:`SLOW`.

    Examples:
        >>> loads(b'{"id": "a", "n": [1, 2.5, true, null]}')
        {'id': 'a', 'n': [1, 2.5, True, None]}
        >>> loads(b"123456789012345678901234567890") is SLOW
        True
    """
    return read(raw)[0]


def read(raw: bytes) -> tuple[Any, bool]:
    """:func:`loads` and :func:`plain_numbers` of ``raw`` in one pass over its digits."""
    if raw.count(b"[") + raw.count(b"{") > MAX_BRACKETS:
        return SLOW, False
    digits = raw.translate(_DIGITS)
    if _LONG_NUMBER in digits and _beyond_64_bits(raw, digits):
        return SLOW, False
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return SLOW, False
    return data, b"0.0000" not in raw and b"0e-0" not in digits and b"0E-0" not in digits


def _beyond_64_bits(raw: bytes, digits: bytes) -> bool:
    """A run of digits in ``raw`` (``digits``: ``raw`` with every digit made 0) that orjson would not read as an
    integer: above 2**64 - 1, or below -2**63 after a minus sign."""
    at = digits.find(_LONG_NUMBER)
    while at >= 0:
        run = _RUN.match(raw, at)
        assert run is not None
        end = run.end()
        if end - at > 20 or int(raw[at:end]) > (2**63 if at and raw[at - 1] == 45 else 2**64 - 1):  # 45: "-"
            return True
        at = digits.find(_LONG_NUMBER, end)
    return False


def plain_numbers(raw: bytes) -> bool:
    """True when no number in the JSON text ``raw`` can be a float that orjson writes differently from json: one
    below 1e-4 in size, written with ``0.0000`` or a negative exponent (``5e-05``, ``1.5E-7``). Text inside strings
    may make it say False, never wrongly True. (Infinity and NaN are for the caller to rule out.)"""
    if b"0.0000" in raw:
        return False
    if b"e-" not in raw and b"E-" not in raw:
        return True
    digits = raw.translate(_DIGITS)
    return b"0e-0" not in digits and b"0E-0" not in digits


def has_float(data: Any) -> bool:
    """True when ``data`` (decoded JSON) holds a float anywhere."""
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is float:
            return True
        if kind is dict:
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
    return False


def dumps_line(data: Any) -> bytes:
    """``(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\\n").encode()``, by orjson when its bytes
    are certainly the same (no null, which may have been an infinity; no float below 1e-4; plain JSON types)."""
    try:
        out = orjson.dumps(data, option=_WRITE_OPTIONS | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # orjson.JSONEncodeError: a surrogate, a big integer, a non-string key, deep nesting ...
        out = None
    if out is None or b"null" in out or not plain_numbers(out):
        return (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
    return out


def dumps_sorted(data: dict[str, Any]) -> bytes | None:
    """``json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` as UTF-8 by orjson, for data
    whose floats (if any) orjson writes as json does (the caller knows: :func:`plain_numbers`); None when orjson
    cannot write it (then the json module must)."""
    try:
        return orjson.dumps(data, option=_WRITE_OPTIONS | orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
