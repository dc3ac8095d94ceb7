"""The published schema and the model agree: documents generated from the schema, and cases generated from the
model, are judged alike by both.

* From the schema: for every model of the case format, hypothesis draws JSON values from the model's schema
  definition (a small schema-to-strategy walker below: $ref, anyOf/oneOf, const, enum, types, patterns, formats,
  item and length limits). The model must accept each - or refuse it only because its facts disagree with each
  other (a cross-field check, which JSON Schema cannot express: a reference to a missing person, an end before
  a start). And what the model accepts, it writes back as JSON the schema accepts.
* From the model: generated cases (the generators' and the tests' strategies) pass the schema.

Mutated documents, the third direction, are in ``tests/test_fuzz.py``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from cobsim.io import case_to_data, relevant_errors
from cobsim.model import case as case_module
from cobsim.schema import case_schema
from generators.strategies import cases
from tests.fuzzing import _Validator, schema_errors
from tests.strategies import arbitrary_cases

SCHEMA = case_schema()
DEFS = SCHEMA["$defs"]
MODELS: dict[str, type[BaseModel]] = {
    name: model
    for name in DEFS
    if isinstance(model := getattr(case_module, name, None), type) and issubclass(model, BaseModel)
}


def _date_ok(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def from_schema(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against ``node`` (a part of the case schema), small lists and few optional members."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: from_schema(DEFS[name]))
    for key in ("anyOf", "oneOf"):
        if key in node:
            return st.one_of([from_schema(option) for option in node[key]])
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(node.get("minimum"), node.get("maximum"))
    if kind == "string":
        strings = st.from_regex(node["pattern"]) if "pattern" in node else st.text(max_size=node.get("maxLength", 30))
        if "maxLength" in node:
            strings = strings.filter(lambda s, n=node["maxLength"]: len(s) <= n)
        if node.get("format") == "date":
            strings = strings.filter(_date_ok)
        return strings
    if kind == "array":
        return st.lists(
            from_schema(node.get("items", {})),
            min_size=node.get("minItems", 0),
            max_size=min(node.get("maxItems", 3), 3),
            unique_by=(lambda x: json.dumps(x, sort_keys=True)) if node.get("uniqueItems") else None,
        )
    if kind == "object":
        if "properties" in node:
            required = set(node.get("required", ()))
            props = node["properties"]
            return st.fixed_dictionaries(
                {k: from_schema(v) for k, v in props.items() if k in required},
                optional={k: from_schema(v) for k, v in props.items() if k not in required},
            )
        if "patternProperties" in node:
            ((pattern, value),) = node["patternProperties"].items()
            return st.dictionaries(st.from_regex(pattern), from_schema(value), max_size=3)
    raise AssertionError(f"the walker does not know this part of the schema: {node}")


def facts_only(model: type[BaseModel], data: Any) -> bool:
    """Whether ``model`` refuses ``data`` only in cross-field checks (errors raised by model validators)."""
    try:
        model.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        for err in relevant_errors(exc):
            node: Any = data
            for key in err["loc"]:
                node = node[key] if isinstance(node, (dict, list)) else None
            if not (err["type"] == "value_error" and isinstance(node, dict)):
                return False
    return True


@pytest.mark.parametrize("name", sorted(MODELS))
def test_what_the_schema_accepts_the_model_accepts_unless_facts_disagree(name: str) -> None:
    model = MODELS[name]
    definition = DEFS[name]
    validator = _Validator({"$defs": DEFS, **definition})
    seen = {"accepted": 0}

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(from_schema(definition))
    def check(doc: Any) -> None:
        assert not list(validator.iter_errors(doc)), "the walker drew a value its schema refuses"
        assert facts_only(model, doc), f"{name} refuses a schema-valid value for a field: {doc!r:.2000}"
        try:
            instance = model.model_validate_json(json.dumps(doc))
        except ValidationError:
            return
        seen["accepted"] += 1
        written = instance.model_dump(mode="json", exclude_defaults=True)
        assert not list(validator.iter_errors(written)), f"{name} writes what its schema refuses: {written!r:.2000}"

    check()
    if name not in ("Case", "Coverage", "Decree", "Claim"):  # these need facts to agree, which random values rarely do
        assert seen["accepted"] > 0, f"no {name} drawn from the schema was accepted"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=cases())
def test_generated_cases_pass_the_schema(case: case_module.Case) -> None:
    assert not schema_errors(case_to_data(case)), case.id


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=arbitrary_cases(payments=True))
def test_arbitrary_cases_pass_the_schema(case: case_module.Case) -> None:
    assert not schema_errors(case_to_data(case))


def test_every_pattern_refuses_a_trailing_line_feed_in_python_re_too() -> None:
    """Python's ``$`` matches before a final line feed; every pattern of the schema closes that gap."""
    patterns = re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', json.dumps(SCHEMA))
    assert len(patterns) > 10
    for text in patterns:
        pattern = json.loads(f'"{text}"')
        assert pattern.startswith("^(?:"), pattern
        assert pattern.endswith("$(?!\\n)"), pattern


def _strict(tp: Any) -> bool:
    """Whether a field type is checked as strictly as the schema says (see cobsim.model.base)."""
    import enum
    import types
    import typing

    from cobsim.model.base import Checked

    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(tp)
        return any(isinstance(m, Checked) for m in meta) or _strict(base)
    if origin in (typing.Union, types.UnionType):
        return all(_strict(a) for a in typing.get_args(tp) if a is not type(None))
    if origin in (tuple, dict):
        return all(_strict(a) for a in typing.get_args(tp) if a is not Ellipsis)
    if origin is typing.Literal:
        return True
    return isinstance(tp, type) and (issubclass(tp, (enum.Enum, BaseModel)))


def test_every_field_of_the_case_format_uses_a_strict_type() -> None:
    """A plain ``bool``, ``int``, ``str``, ``date`` or ``Decimal`` field would take "yes", "5", epoch numbers or
    padded text that the schema refuses: every field uses the checked types (Flag, Day, Money, Text, Id...)."""
    loose = []
    for name, model in MODELS.items():
        for field_name, info in model.model_fields.items():
            checked = any(type(m).__name__ == "Checked" for m in info.metadata)
            if not (checked or _strict(info.annotation)):
                loose.append(f"{name}.{field_name}: {info.annotation}")
    assert not loose, "fields with a loose type: " + "; ".join(loose)
