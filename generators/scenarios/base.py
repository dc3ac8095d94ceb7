"""The scenario record and the catalogue it registers into."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from generators.family import Built
from generators.identity import Identity

Builder = Callable[[random.Random, Identity, str], Built]


@dataclass(frozen=True)
class Scenario:
    """A named story that builds complete, valid cases.

    ``build(rng, ident, variant)`` returns the case facts and the story's own expected order, which the
    scenario works out from the facts it drew - never by calling the engine.
    """

    name: str
    title: str
    description: str
    difficulty: int
    rules: tuple[str, ...]  #: engine rules the scenario is meant to reach
    variants: tuple[str, ...]
    source: str
    build: Builder


CATALOGUE: dict[str, Scenario] = {}


def scenario(
    name: str,
    *,
    title: str,
    difficulty: int,
    rules: tuple[str, ...],
    variants: tuple[str, ...] = ("default",),
    source: str,
) -> Callable[[Builder], Builder]:
    """Register a builder function as a scenario; its docstring is the story."""

    def wrap(func: Builder) -> Builder:
        if name in CATALOGUE:
            raise ValueError(f"scenario {name} is defined twice")
        doc = " ".join((func.__doc__ or "").split())
        CATALOGUE[name] = Scenario(name, title, doc, difficulty, rules, variants, source, func)
        return func

    return wrap
