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
# * an integer beyond 64 bits (below -2**63 or above 2**64 - 1): orjson reads it as a float;
# * nesting: the json module refuses a depth near Python's recursion limit (about 1,000), orjson reads up to 1,024
#   levels and writes up to 254;
# * a float below 1e-4 in size: orjson writes 0.00001 or 1e-7 where json writes 1e-05 or 1e-07; infinity and NaN
#   (which the json module reads from 1e400): orjson writes null, json Infinity and NaN;
# * a lone surrogate escape (\\ud800), NaN, infinity, an integer of more than 64 bits or a number too large for a
#   float: orjson refuses what json reads or writes (its error is never shown: the json module does it again).
#
# A fixture line is taken from orjson only when orjson writes back exactly the line it read: then no integer was
# turned into a float (it would be written back as one), the nesting is within 254 levels, and every float is
# written as orjson writes floats (so a float below 1e-4 shows as "0.0000" or a digit, "e", "-"). Generated
# fixtures are all written that way; a hand-written line (spaces, other escapes) takes the json path.

SLOW: Final = object()  #: what :func:`read` and :func:`loads` return when the json module must read the text
_WRITE_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
_DIGIT_BYTES = frozenset(b"0123456789")
_EXPONENT = re.compile(rb"e-[0-9]")  # a literal start: the regex engine skips to each "e-" quickly


def read(raw: bytes, without: str | None = None) -> tuple[Any, bytes | None, bool]:
    """``json.loads(raw.decode("utf-8"))`` read by orjson when that certainly gives the very same value, else
    :data:`SLOW`; the bytes orjson writes for it without its member ``without`` when it is an object that has one
    (else None); and whether orjson writes every number of it as json does (:func:`plain_numbers`: then those bytes
    are also what ``json.dumps(..., separators=(",", ":"), ensure_ascii=False)`` writes).

    Examples:
        >>> read(b'{"id":"a","n":[1,2.5,true,null]}\\n', "n")
        ({'id': 'a', 'n': [1, 2.5, True, None]}, b'{"id":"a"}', True)
        >>> read(b'{"n":123456789012345678901234567890}')[0] is SLOW
        True
        >>> read(b'{"id": "a"}')[0] is SLOW  # not as orjson writes it
        True
    """
    try:
        data = orjson.loads(raw)
        if without is None or type(data) is not dict or without not in data:
            out, rest = orjson.dumps(data, option=_WRITE_OPTIONS), None
        else:
            out, rest = _without(data, without)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return SLOW, None, False
    size = len(out)
    if not raw.startswith(out) or raw[size:] not in (b"", b"\n"):
        return SLOW, None, False
    return data, rest, plain_numbers(out)


def _without(data: dict[str, Any], key: str) -> tuple[bytes, bytes | None]:
    """orjson's bytes of ``data``, and of ``data`` without ``key`` (cut out of them: the member ``key`` and the
    members after it are written again, which are short in a fixture), or None if the cut does not fit.

    Raises:
        orjson.JSONEncodeError: orjson cannot write it.
    """
    out = orjson.dumps(data, option=_WRITE_OPTIONS)
    keys = list(data)
    at = keys.index(key)
    member = orjson.dumps(key) + b":" + orjson.dumps(data[key], option=_WRITE_OPTIONS)
    after = len(orjson.dumps({k: data[k] for k in keys[at + 1 :]}, option=_WRITE_OPTIONS)) - 2
    end = len(out) - 1 - after - (1 if after else 0)  # out: "{" before ("," if at) member ("," if after) after "}"
    start = end - len(member)
    if out[start:end] != member:  # pragma: no cover - orjson writes a member the same wherever it is
        return out, None
    if at:
        return out, out[: start - 1] + (out[end:] if after else b"}")
    return out, (b"{" + out[end + 1 :] if after else b"{}")


def loads(raw: bytes) -> Any:
    """``json.loads(raw.decode("utf-8"))`` read by orjson when that gives the very same value, else :data:`SLOW`.
    For short text (an answer): any layout is taken, and the value is checked instead of the text.

    Examples:
        >>> loads(b'{"id": "a", "n": [1, "2.50", true, null]}')
        {'id': 'a', 'n': [1, '2.50', True, None]}
        >>> loads(b'{"n": 2.5}') is SLOW  # a float: the caller reads it (as a Decimal)
        True
        >>> loads(b"123456789012345678901234567890") is SLOW
        True
    """
    if len(raw) > 1 << 16 or raw.count(b"[") + raw.count(b"{") > 250:  # bounds the nesting (see above)
        return SLOW
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return SLOW
    return SLOW if has_float(data) else data  # a big integer became a float; a float must be read by the caller


def plain_numbers(raw: bytes) -> bool:
    """True when no number in ``raw``, JSON as orjson writes it, is a float that orjson writes differently from
    json: one below 1e-4 in size, which orjson writes with ``.0000`` or ``e-`` between digits (``5e-7``). Text
    inside strings may make it say False, never wrongly True. (Infinity and NaN are for the caller to rule out.)"""
    if b".0000" in raw:
        return False
    if b"e-" not in raw:
        return True
    return not any(raw[m.start() - 1] in _DIGIT_BYTES for m in _EXPONENT.finditer(raw) if m.start())


def has_float(data: Any) -> bool:
    """True when ``data`` (decoded JSON, nested at most a few hundred levels) holds a float anywhere."""
    kind = type(data)
    if kind is dict:
        values: Any = data.values()
    elif kind is list:
        values = data
    else:
        return kind is float
    for value in values:
        kind = type(value)
        if kind is float or ((kind is dict or kind is list) and has_float(value)):
            return True
    return False


class PlainMessage(dict[str, Any]):
    """A message built from a fixture :func:`read` found plain: orjson writes it as json does, unchecked;
    ``line``, when set, is that line already written."""

    line: bytes | None = None


def dumps_line(data: Any) -> bytes:
    """``(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\\n").encode()``, by orjson when its bytes
    are certainly the same: a :class:`PlainMessage`, or data without null (which may have been an infinity), without
    a float below 1e-4 and of plain JSON types."""
    if type(data) is PlainMessage and data.line is not None:
        return data.line
    try:
        out = orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE | _MESSAGE_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError: a surrogate, a big integer, a non-string key, deep nesting ...
        out = None
    if out is not None and (type(data) is PlainMessage or (b"null" not in out and plain_numbers(out))):
        return out
    return (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


_MESSAGE_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS  # a PlainMessage is a dict


def dumps_sorted(data: dict[str, Any]) -> bytes | None:
    """``json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` as UTF-8 by orjson, for data
    whose floats (if any) orjson writes as json does (the caller knows: :func:`plain_numbers`); None when orjson
    cannot write it (then the json module must)."""
    try:
        return orjson.dumps(data, option=_WRITE_OPTIONS | orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
