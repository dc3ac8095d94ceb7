"""The strict JSON reader behind every case document: library, command line and app read through :func:`loads`.

What it refuses, each with one sentence (:class:`JsonError`, an :class:`~cobsim.errors.InvalidInput`):

* more than :data:`~cobsim.model.limits.MAX_CASE_BYTES` bytes of UTF-8;
* text that is not UTF-8 (UTF-16 and UTF-32 are named as such); lone UTF-16 surrogates are let through as text
  and refused by the text checks of the model, with the field named;
* ``NaN``, ``Infinity``, and integers of more than :data:`~cobsim.model.limits.MAX_INT_DIGITS` digits;
* nesting deeper than :data:`~cobsim.model.limits.MAX_JSON_DEPTH`, an array or object with more than
  :data:`~cobsim.model.limits.MAX_JSON_ITEMS` members;
* the same key twice in one object (the key is named: JSON readers differ on which one wins, so neither does).

Byte order mark: one UTF-8 byte order mark (U+FEFF) at the very start of a document is ignored - everywhere: a
``.json`` file, each line of a ``.jsonl`` file, an upload, a paste, a string given to the library. Anywhere else
it is an ordinary character (and refused by the text checks).

Numbers: integers become ``int``; a number with a fraction or an exponent becomes a :class:`JsonNumber` holding
its text, never a ``float``. No field of the case format is such a number (money and rates are written as text),
so each is refused with the field named - but nothing is lost or rounded on the way.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from cobsim.errors import InvalidInput
from cobsim.model.base import JsonNumber, quote
from cobsim.model.limits import MAX_CASE_BYTES, MAX_INT_DIGITS, MAX_JSON_DEPTH, MAX_JSON_ITEMS

_BOM = "\ufeff"
_UTF8_BOM = b"\xef\xbb\xbf"


class JsonError(InvalidInput):
    """A document that is not acceptable JSON (malformed, too large, too deep, duplicate keys, not UTF-8)."""


class _RefusedError(Exception):
    """Raised inside the decoder's hooks; turned into a JsonError."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _RefusedError(
            f"a number of {len(text.lstrip('-')):,} digits is too long; whole numbers have at most {MAX_INT_DIGITS}"
        )
    return int(text)


def _constant(name: str) -> NoReturn:
    raise _RefusedError(f"{name} is not a JSON number")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > MAX_JSON_ITEMS:
        raise _RefusedError(f"an object has {len(pairs):,} members; at most {MAX_JSON_ITEMS:,} are accepted")
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RefusedError(f"the key {quote(key)} appears twice in one object; give each key once")
        out[key] = value
    return out


__all__ = ["JsonError", "JsonNumber", "decode_text", "loads"]

_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_int=_int, parse_float=JsonNumber, parse_constant=_constant)


def decode_text(data: str | bytes) -> str:
    """The document as text: size checked, one leading byte order mark dropped, UTF-8 required.

    Raises:
        JsonError: too large, or not UTF-8.
    """
    if isinstance(data, str):
        size = len(data) if len(data) * 4 <= MAX_CASE_BYTES else len(data.encode("utf-8", "surrogatepass"))
        if len(data) > MAX_CASE_BYTES or size > MAX_CASE_BYTES:
            raise JsonError(f"the document is {size:,} bytes; a case may be at most {MAX_CASE_BYTES:,} bytes")
        return data[1:] if data.startswith(_BOM) else data
    if len(data) > MAX_CASE_BYTES:
        raise JsonError(f"the document is {len(data):,} bytes; a case may be at most {MAX_CASE_BYTES:,} bytes")
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) >= 2 and (data[0] == 0 or data[1] == 0)):
        raise JsonError("the document is UTF-16 or UTF-32 text; save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonError(f"the document is not UTF-8 text (a bad byte at offset {exc.start:,})") from None


def loads(data: str | bytes) -> Any:
    """Decode one JSON document under the limits above.

    Raises:
        JsonError: with one sentence saying what is wrong and where.

    Examples:
        >>> loads('{"billed": "12.50", "units": 2}')
        {'billed': '12.50', 'units': 2}
        >>> loads('{"a": 1, "a": 2}')
        Traceback (most recent call last):
        ...
        cobsim.jsonio.JsonError: the key 'a' appears twice in one object; give each key once
    """
    text = decode_text(data)
    if not text.strip():
        raise JsonError("the document is empty; a case is a JSON object")
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise JsonError(f"the document nests deeper than {MAX_JSON_DEPTH} levels") from None
    except _RefusedError as exc:
        raise JsonError(str(exc)) from None
    _check_shape(value)
    return value


def _check_shape(value: Any) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and arrays longer than MAX_JSON_ITEMS (objects are checked
    as they are decoded)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            if len(node) > MAX_JSON_ITEMS:
                raise JsonError(f"an array has {len(node):,} items; at most {MAX_JSON_ITEMS:,} are accepted")
            children = node
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise JsonError(f"the document nests deeper than {MAX_JSON_DEPTH} levels")
        deeper = depth + 1
        for child in children:  # containers only, in order: the walk (and so the first refusal) is as before
            if isinstance(child, (dict, list)):
                push((child, deeper))
