"""Reading and writing cases: JSON (one case), JSONL (one case per line), with errors that name case and field.

Every writer here is deterministic: keys sorted, fixed separators, a trailing newline. The same objects give
the same bytes on every run and machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cobsim.errors import InvalidCase, InvalidInput
from cobsim.model.case import Case

#: Largest case file (or JSONL line) accepted, in bytes. Real cases are a few kilobytes.
MAX_CASE_BYTES = 1_000_000


def _field_path(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location, naming list items by their id where they have one."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and 0 <= item < len(node):
                node = node[item]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    label = f"[{item}] ('{node['id']}')"
            else:
                node = None
            parts.append(label)
        else:
            node = node.get(item) if isinstance(node, dict) else None
            # discriminated-union tags ("spouse", "parent") are pydantic's, not the user's
            if parts and not parts[-1].startswith("[") and item in ("spouse", "domestic_partner"):
                continue
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(case)"


def _message(err: Any) -> str:
    msg = str(err.get("msg", "invalid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if err.get("type") == "extra_forbidden":
        return "is not a field of the case format (check the spelling; `cobsim schema` lists the fields)"
    if err.get("type") == "missing":
        return "is required"
    return msg


def problems_of(raw: Any, error: ValidationError) -> list[str]:
    """One sentence per validation error, each starting with the field it concerns."""
    out = []
    for err in error.errors():
        loc = tuple(
            x
            for x in err.get("loc", ())
            if x not in ("parent", "stepparent", "guardian", "grandparent", "foster_parent")
        )
        path = _field_path(raw, loc)
        if path == "(case)":
            out.append(_message(err))
        else:
            out.append(f"{path}: {_message(err)}")
    return out


def parse_case(raw: Any) -> Case:
    """Validate a decoded JSON object as a case.

    Raises:
        InvalidCase: with every problem found, each naming its field.
    """
    case_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    if not isinstance(raw, dict):
        raise InvalidCase(case_id, [f"a case must be a JSON object, not {type(raw).__name__}"])
    try:
        return Case.model_validate(raw)
    except ValidationError as exc:
        raise InvalidCase(case_id, problems_of(raw, exc)) from None


def loads_json(text: str | bytes) -> Any:
    """Decode JSON with numbers as ``Decimal`` (money never passes through a float)."""
    if len(text) > MAX_CASE_BYTES:
        raise InvalidInput(f"the input is {len(text):,} bytes; a case may be at most {MAX_CASE_BYTES:,} bytes")
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except UnicodeDecodeError:
        raise InvalidInput("not valid JSON: the file is not UTF-8 text") from None


def case_from_json(text: str | bytes) -> Case:
    """One case from JSON text."""
    return parse_case(loads_json(text))


@dataclass(frozen=True)
class Loaded:
    """One entry read from a case file: a case, or the error that stopped it, with where it came from."""

    where: str
    case: Case | None = None
    error: InvalidCase | InvalidInput | None = None


def read_cases(path: Path) -> Iterator[Loaded]:
    """Read a ``.json`` file (one case, or a list of cases) or a ``.jsonl`` file (one case per line).

    Bad entries are yielded as errors, so one bad line does not hide the others.

    Raises:
        InvalidInput: the file cannot be read at all.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    if path.suffix == ".jsonl":
        for number, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                yield Loaded(where, case=case_from_json(line))
            except (InvalidCase, InvalidInput) as exc:
                yield Loaded(where, error=exc)
        return
    try:
        decoded = loads_json(data)
    except InvalidInput as exc:
        yield Loaded(str(path), error=exc)
        return
    items = decoded if isinstance(decoded, list) else [decoded]
    for i, item in enumerate(items):
        where = str(path) if len(items) == 1 else f"{path}[{i}]"
        try:
            yield Loaded(where, case=parse_case(item))
        except InvalidCase as exc:
            yield Loaded(where, error=exc)


def read_case(path: Path) -> Case:
    """Exactly one case from a file.

    Raises:
        InvalidInput, InvalidCase: the file is unreadable, holds no case, more than one, or a bad one.
    """
    loaded = list(read_cases(path))
    if len(loaded) != 1:
        raise InvalidInput(f"{path} holds {len(loaded)} cases; give a file with exactly one")
    entry = loaded[0]
    if entry.error is not None:
        raise entry.error
    assert entry.case is not None
    return entry.case


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
