"""The case model: frozen, validated facts of a coordination-of-benefits case."""

from cobsim.model import case as _case
from cobsim.model.case import *  # noqa: F403  (the case module's __all__ is the public model)
from cobsim.model.codes import *  # noqa: F403
from cobsim.model.money import Money, Rate, money

__all__ = [*_case.__all__, "Money", "Rate", "money"]  # noqa: PLE0604
