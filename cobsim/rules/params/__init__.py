"""Dated parameters of the rules (thresholds, periods, deductibles), read from YAML beside this module.

Each parameter has a description, a reference, a confidence tag and values keyed by the date from which each
value applies, in the manner of OpenFisca parameters. Read with :func:`param`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

from cobsim.errors import CobsimError
from cobsim.rules.yamlfile import safe_load


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    reference: str
    confidence: str
    values: tuple[tuple[date, Decimal], ...]

    @property
    def starts(self) -> tuple[date, ...]:
        return tuple(d for d, _ in self.values)

    def at(self, on: date) -> Decimal:
        """The value in force on ``on``."""
        i = bisect.bisect_right(_starts(self), on) - 1
        if i < 0:
            raise CobsimError(f"parameter {self.name} has no value before {self.values[0][0]} (asked for {on})")
        return self.values[i][1]


@cache
def _starts(p: Parameter) -> tuple[date, ...]:
    return p.starts


@cache
def parameters() -> dict[str, Parameter]:
    """Every parameter, by name ``file.key`` (e.g. ``medicare.working_aged_employees``)."""
    out: dict[str, Parameter] = {}
    folder = resources.files(__package__)
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        group = entry.name.removesuffix(".yaml")
        data = safe_load(entry.read_text(encoding="utf-8"))
        for key, spec in data.items():
            values = tuple(sorted((d, Decimal(str(v))) for d, v in spec["values"].items()))
            out[f"{group}.{key}"] = Parameter(
                name=f"{group}.{key}",
                description=spec["description"],
                reference=spec["reference"],
                confidence=spec["confidence"],
                values=values,
            )
    return out


def param(name: str, on: date) -> Decimal:
    """The value of parameter ``name`` on date ``on``.

    Examples:
        >>> param("medicare.working_aged_employees", date(2025, 6, 1))
        Decimal('20')
    """
    try:
        return parameters()[name].at(on)
    except KeyError:
        raise CobsimError(f"no parameter named {name}") from None


def int_param(name: str, on: date) -> int:
    return int(param(name, on))
