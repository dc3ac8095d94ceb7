"""The scenario catalogue: one module per family of stories."""

from generators.scenarios import edges, government, injury, medicare, naic  # noqa: F401  (modules register themselves)
from generators.scenarios.base import CATALOGUE, Scenario

__all__ = ["CATALOGUE", "Scenario"]
