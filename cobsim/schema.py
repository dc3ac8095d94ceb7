"""The JSON Schema of the case format, generated from the models (draft 2020-12)."""

from __future__ import annotations

from typing import Any

from cobsim.model.case import SCHEMA_VERSION, Case

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def case_schema() -> dict[str, Any]:
    """The case format's JSON Schema, with ``$schema``, ``$id`` and the format version."""
    body = Case.model_json_schema(mode="validation")
    return {
        "$schema": SCHEMA_URI,
        "$id": f"https://cobsim.invalid/schema/case-{SCHEMA_VERSION}.json",
        "title": "cobsim case",
        "description": (
            "A coordination-of-benefits case: the facts of one claim for one patient (people, relationships, custody, "
            "employers, coverages, the claim) and optionally the expected answer. Synthetic data only. "
            f"Format version {SCHEMA_VERSION}."
        ),
        **{k: v for k, v in body.items() if k != "title"},
    }
