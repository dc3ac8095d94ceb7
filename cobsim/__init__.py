"""cobsim: a Coordination of Benefits reference engine.

Decide who pays first, second and third on a health claim, and (with the payment engine) how much each pays,
with a trace that cites the rule behind every step.

Examples:
    >>> from cobsim import Case, solve
    >>> case = Case.model_validate_json(open("examples/naic/birthday-rule.json").read())  # doctest: +SKIP
    >>> solve(case).order  # doctest: +SKIP
    ('dad-plan', 'mom-plan')
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from cobsim._version import __version__
from cobsim.errors import CobsimError, InvalidCase, InvalidInput, UnsupportedCase

if TYPE_CHECKING:
    from cobsim.engine import solve
    from cobsim.model.case import Case
    from cobsim.trace import Determination

#: The public names whose modules are imported when first used (``import cobsim.cli`` or ``cobsim.errors`` does
#: not load the engine; ``from cobsim import solve`` does).
_LAZY = {"solve": "cobsim.engine", "Case": "cobsim.model.case", "Determination": "cobsim.trace"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cobsim' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Case",
    "CobsimError",
    "Determination",
    "InvalidCase",
    "InvalidInput",
    "UnsupportedCase",
    "__version__",
    "solve",
]
