"""The JSON Schema of the case format, generated from the models (draft 2020-12)."""

from __future__ import annotations

from typing import Any

from cobsim.model import limits as lim
from cobsim.model.case import SCHEMA_VERSION, Case

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def _closed_maps(node: Any) -> None:
    """Maps keyed by ids (``allowed``, ``covered``, ``payments``) refuse keys that are not ids, as the model does:
    ``patternProperties`` alone would let any other key through."""
    if isinstance(node, dict):
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _closed_maps(value)
    elif isinstance(node, list):
        for value in node:
            _closed_maps(value)


def case_schema() -> dict[str, Any]:
    """The case format's JSON Schema, with ``$schema``, ``$id`` and the format version."""
    body = Case.model_json_schema(mode="validation")
    _closed_maps(body)
    return {
        "$schema": SCHEMA_URI,
        "$id": f"https://cobsim.invalid/schema/case-{SCHEMA_VERSION}.json",
        "title": "cobsim case",
        "description": (
            "A coordination-of-benefits case: the facts of one claim for one patient (people, relationships, custody, "
            "employers, coverages, the claim) and optionally the expected answer. Synthetic data only. "
            f"Format version {SCHEMA_VERSION}. "
            f"Limits beyond this schema (cobsim's reader refuses them with a sentence): a document is UTF-8 of at "
            f"most {lim.MAX_CASE_BYTES:,} bytes, one leading byte order mark ignored; no key twice in one object; "
            f"nesting at most {lim.MAX_JSON_DEPTH} deep; at most {lim.MAX_JSON_ITEMS:,} items in any array or "
            f"object; integers of at most {lim.MAX_INT_DIGITS} digits; at most {lim.MAX_COVERAGES_PER_PATIENT} "
            "coverages whose member is the claim's patient; and facts must agree with each other (references "
            "resolve, nothing is dated before the birth of the person it concerns, an accident precedes its claim)."
        ),
        **{k: v for k, v in body.items() if k != "title"},
    }
