"""cobsim: a Coordination of Benefits reference engine.

Decide who pays first, second and third on a health claim, and (with the payment engine) how much each pays,
with a trace that cites the rule behind every step.

Examples:
    >>> from cobsim import Case, solve
    >>> case = Case.model_validate_json(open("examples/naic/birthday-rule.json").read())  # doctest: +SKIP
    >>> solve(case).order  # doctest: +SKIP
    ('dad-plan', 'mom-plan')
"""

from cobsim._version import __version__
from cobsim.engine import solve
from cobsim.errors import CobsimError, InvalidCase, InvalidInput, UnsupportedCase
from cobsim.model.case import Case
from cobsim.trace import Determination

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
