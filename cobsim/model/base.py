"""Shared building blocks of the case model: the frozen base model and the constrained text and id types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

#: The case format version the JSON Schema describes (format 1.0 cases are still read).
SCHEMA_VERSION = "1.1"

#: An identifier inside a case: letters, digits, '_', '-', '.'; never ':' (it breaks DOT graph ids).
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
#: Free text a person typed (names, notes). Control characters are refused; nothing is ever rendered as HTML.
Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$")]
LongText = Annotated[str, StringConstraints(max_length=2000, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$")]
#: A two-letter U.S. state or territory code (NJ, MI...).
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class FrozenModel(BaseModel):
    """Base of every case model: frozen, unknown fields refused, surrounding whitespace stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
