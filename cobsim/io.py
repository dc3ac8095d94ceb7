"""Reading and writing cases: JSON (one case), JSONL (one case per line), with errors that name case and field.

Every writer here is deterministic: keys sorted, fixed separators, a trailing newline. The same objects give
the same bytes on every run and machine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from cobsim.errors import InvalidCase, InvalidInput
from cobsim.jsonio import JsonError, loads
from cobsim.model.base import ID_PATTERN, describe, escape, quote
from cobsim.model.case import Case
from cobsim.model.limits import MAX_CASE_BYTES, MAX_PROBLEMS

__all__ = [
    "MAX_CASE_BYTES",
    "Loaded",
    "case_from_json",
    "case_to_data",
    "case_to_json",
    "dumps",
    "loads_json",
    "parse_case",
    "problems_of",
    "read_case",
    "read_cases",
    "to_jsonable",
]

_ID = re.compile(ID_PATTERN)
#: Discriminated-union tags and parental kinds that pydantic puts in error locations; they are not the user's.
_UNION_TAGS = frozenset(
    {"spouse", "domestic_partner", "parent", "stepparent", "guardian", "grandparent", "foster_parent"}
)


def _label(item: str) -> str:
    """A key of the document as a path shows it: ``.name`` for a plain name, else ``['quoted']``."""
    if item.isascii() and item.isidentifier():
        return f".{item}"
    return f"[{quote(item)}]"


def _field_path(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location, naming list items by their id where they have a valid one."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and 0 <= item < len(node):
                node = node[item]
                if isinstance(node, dict) and isinstance(node.get("id"), str) and _ID.match(node["id"]):
                    label = f"[{item}] ('{node['id']}')"
            else:
                node = None
            parts.append(label)
        else:
            node = node.get(item) if isinstance(node, dict) else None
            if item == "[key]":
                parts.append(" (the key)")
                continue
            parts.append(_label(str(item)))
    path = "".join(parts).lstrip(".")
    return path or "(case)"


def _message(err: Any) -> str:
    kind = err.get("type")
    if kind == "extra_forbidden":
        return "is not a field of the case format (check the spelling; `cobsim schema` lists the fields)"
    if kind == "missing":
        return "is required"
    if kind == "union_tag_invalid":
        tag = (err.get("ctx") or {}).get("tag")
        expected = (err.get("ctx") or {}).get("expected_tags", "")
        return f"{quote(tag)} is not a kind of relationship; give one of {escape(str(expected))[:300]}"
    msg = str(err.get("msg", "invalid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return escape(msg[:2_000])  # every message of cobsim's own quotes values through quote(); this is a backstop


def relevant_errors(error: ValidationError) -> list[Any]:
    """The errors of ``error`` that say something: a list's "too short" is dropped when it only echoes an item
    that failed (one person given, and refused, is not "people should have at least 1 item")."""
    errors = error.errors(include_url=False, include_input=False)

    def echo(e: Any) -> bool:
        n = len(e["loc"])
        return e["type"] == "too_short" and any(len(o["loc"]) > n and tuple(o["loc"][:n]) == e["loc"] for o in errors)

    return [e for e in errors if not echo(e)]


def problems_of(raw: Any, error: ValidationError) -> list[str]:
    """One sentence per validation error, each starting with the field it concerns (the first MAX_PROBLEMS)."""
    out = []
    errors = relevant_errors(error)
    for err in errors[:MAX_PROBLEMS]:
        loc = tuple(
            x
            for i, x in enumerate(err.get("loc", ()))
            if not (x in _UNION_TAGS and i > 0 and isinstance(err["loc"][i - 1], int))
        )
        path = _field_path(raw, loc)
        if path == "(case)":
            out.append(_message(err))
        else:
            out.append(f"{path}: {_message(err)}")
    if len(errors) > MAX_PROBLEMS:
        out.append(f"... and {len(errors) - MAX_PROBLEMS:,} more problems")
    return out


def case_id_of(raw: Any) -> str | None:
    """The case's id as the document gives it, when it is a valid id (so messages can name the case)."""
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and _ID.match(raw["id"]):
        return str(raw["id"])
    return None


def parse_case(raw: Any) -> Case:
    """Validate decoded JSON data (from :func:`loads_json`, or built in Python) as a case.

    Raises:
        InvalidCase: with every problem found (up to MAX_PROBLEMS), each naming its field.
    """
    case_id = case_id_of(raw)
    if not isinstance(raw, dict):
        raise InvalidCase(None, [f"a case must be a JSON object, not {describe(raw)}"])
    try:
        return Case.model_validate(raw)
    except ValidationError as exc:
        raise InvalidCase(case_id, problems_of(raw, exc)) from None
    except RecursionError:  # pragma: no cover - the reader's depth limit keeps documents far from this
        raise InvalidCase(case_id, ["the case nests too deeply"]) from None


def loads_json(text: str | bytes) -> Any:
    """Decode one JSON document with the strict reader (:func:`cobsim.jsonio.loads`).

    Raises:
        InvalidInput: the text is not acceptable JSON; one sentence says why.
    """
    return loads(text)


def case_from_json(text: str | bytes) -> Case:
    """One case from JSON text: the one parsing path of the library, the command line and the app.

    Raises:
        InvalidInput: not acceptable JSON (too large, too deep, duplicate keys, not UTF-8...).
        InvalidCase: valid JSON that is not a valid case.
    """
    return parse_case(loads(text))


@dataclass(frozen=True)
class Loaded:
    """One entry read from a case file: a case, or the error that stopped it, with where it came from."""

    where: str
    case: Case | None = None
    error: InvalidCase | InvalidInput | None = None


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as exc:
        raise InvalidInput(f"cannot read {escape(str(path))}: {exc.strerror or exc}") from None


def _entry(where: str, line: bytes | str) -> Loaded:
    try:
        return Loaded(where, case=case_from_json(line))
    except (InvalidCase, InvalidInput) as exc:
        return Loaded(where, error=exc)


_CONTENT = re.compile(rb"[^ \t\r\n\x0b\x0c]")
_BLOCK = 1 << 20


def _jsonl(path: Path, stream: IO[bytes]) -> Iterator[Loaded]:
    """Each non-blank line of a JSONL file as it is read. Memory stays at one line and one block (about
    2 MB, whatever the file's size); runs of blank lines are skipped without a Python step per line."""
    name = escape(str(path))
    done = 0  # lines finished before ``buf`` starts
    cases = 0
    buf = b""
    eof = False

    def read() -> bytes:
        try:
            return stream.read(_BLOCK)
        except OSError as exc:
            raise InvalidInput(f"cannot read {name} after line {done:,}: {exc.strerror or exc}") from None

    while True:
        found = _CONTENT.search(buf)
        if found is None:  # only blank lines in the buffer: count them, read on
            done += buf.count(b"\n")
            buf = b""
            if eof:
                break
            buf = read()
            eof = not buf
            continue
        start = buf.rfind(b"\n", 0, found.start()) + 1
        done += buf.count(b"\n", 0, start)
        buf = buf[start:]
        end = buf.find(b"\n")
        while end < 0 and len(buf) <= MAX_CASE_BYTES + 1 and not eof:
            more = read()
            if not more:
                eof = True
                break
            at = more.find(b"\n")
            if at >= 0:
                end = len(buf) + at
            buf += more
        cases += 1
        where = f"{name}:{done + 1}"
        if end < 0 and not eof:  # longer than any case: skip to the end of the line without holding it
            size = len(buf)
            buf = b""
            while True:
                more = read()
                if not more:
                    eof = True
                    break
                at = more.find(b"\n")
                if at >= 0:
                    size += at
                    buf = more[at + 1 :]
                    break
                size += len(more)
            done += 1
            yield Loaded(
                where, error=InvalidInput(f"the line is {size:,} bytes; a case may be at most {MAX_CASE_BYTES:,} bytes")
            )
            continue
        line, buf = (buf, b"") if end < 0 else (buf[:end], buf[end + 1 :])
        done += 1
        line = line.removesuffix(b"\r")
        if len(line) > MAX_CASE_BYTES:
            yield Loaded(
                where,
                error=InvalidInput(f"the line is {len(line):,} bytes; a case may be at most {MAX_CASE_BYTES:,} bytes"),
            )
            continue
        yield _entry(where, line)
    if cases == 0:
        what = "is empty" if done == 0 else f"has only blank lines ({done:,})"
        raise InvalidInput(f"{name} {what}: it holds no case")


def read_cases(path: Path) -> Iterator[Loaded]:
    """Read a ``.jsonl`` file (one case per line, streamed) or any other file as one JSON document (one case,
    or a list of cases, at most MAX_CASE_BYTES in all).

    Bad entries are yielded as errors, so one bad line does not hide the others.

    Raises:
        InvalidInput: the file cannot be read at all, or holds no case (empty, or only blank lines).
    """
    name = escape(str(path))
    with _open(path) as stream:
        if path.suffix == ".jsonl":
            yield from _jsonl(path, stream)
            return
        try:
            data = stream.read(MAX_CASE_BYTES + 1)
        except OSError as exc:
            raise InvalidInput(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > MAX_CASE_BYTES:
        yield Loaded(
            name,
            error=InvalidInput(
                f"the file is more than {MAX_CASE_BYTES:,} bytes; a case may be at most {MAX_CASE_BYTES:,} bytes "
                "(put many cases in a .jsonl file, one per line)"
            ),
        )
        return
    if not data.strip():
        raise InvalidInput(f"{name} is empty: it holds no case")
    try:
        decoded = loads(data)
    except JsonError as exc:
        yield Loaded(name, error=exc)
        return
    items = decoded if isinstance(decoded, list) else [decoded]
    if not items:
        raise InvalidInput(f"{name} holds an empty list: no case")
    for i, item in enumerate(items):
        where = name if len(items) == 1 else f"{name}[{i}]"
        try:
            yield Loaded(where, case=parse_case(item))
        except InvalidCase as exc:
            yield Loaded(where, error=exc)


def read_case(path: Path) -> Case:
    """Exactly one case from a file.

    Raises:
        InvalidInput, InvalidCase: the file is unreadable, holds no case, more than one, or a bad one.
    """
    entries = read_cases(path)
    first = next(entries)
    if next(entries, None) is not None:
        raise InvalidInput(f"{escape(str(path))} holds more than one case; give a file with exactly one")
    if first.error is not None:
        raise first.error
    assert first.case is not None
    return first.case


def to_jsonable(model: BaseModel) -> Any:
    """A model as plain JSON data (money as strings, dates as ISO text), fields left at defaults omitted."""
    return model.model_dump(mode="json", exclude_defaults=True)


def dumps(data: Any, *, indent: int | None = 2, sort_keys: bool = True) -> str:
    """The one JSON writer: sorted keys (or the models' own field order), fixed separators, trailing newline."""
    if indent is None:
        return json.dumps(data, sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=False) + "\n"
    return json.dumps(data, sort_keys=sort_keys, indent=indent, ensure_ascii=False) + "\n"


def case_to_data(case: Case) -> dict[str, Any]:
    """A case as JSON data in the model's field order; ``schema_version`` and ``meta.synthetic`` always written."""
    data: dict[str, Any] = {"schema_version": case.schema_version}
    data.update(to_jsonable(case))
    meta = data.setdefault("meta", {})
    meta["synthetic"] = case.meta.synthetic
    return data


def case_to_json(case: Case, *, indent: int | None = 2) -> str:
    """A case as JSON text, fields in the model's order (id first), deterministic."""
    return dumps(case_to_data(case), indent=indent, sort_keys=False)
