"""Shared test setup: hypothesis profiles and the YAML case collector.

Every file in ``tests/cases/*.yaml`` is a list of cases in the case format (YAML is a superset of JSON), each
with an ``expected`` block; ``test_cases.py`` solves each one and compares. Cases name their source in
``meta.source``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
EXAMPLES = ROOT / "examples"

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _load_yaml_cases() -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise ValueError(f"{path.name}: a case file holds a list of cases")
        for item in data:
            out.append((f"{path.stem}::{item.get('id', '?')}", item))
    return out


YAML_CASES = _load_yaml_cases()
