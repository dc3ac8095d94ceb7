"""Errors of cobsim. Every message is a sentence: what was given, why it is wrong, what is accepted."""

from __future__ import annotations


class CobsimError(Exception):
    """Base of every error cobsim raises on purpose."""


class InvalidCase(CobsimError, ValueError):  # noqa: N818  (the name reads as the finding, like ValueError)
    """A case that cannot be decided because its facts are malformed or contradict each other.

    Attributes:
        case_id: the case's id when it could be read, else None.
        problems: one sentence per problem, each naming the field.
    """

    def __init__(self, case_id: str | None, problems: list[str]) -> None:
        self.case_id = case_id
        self.problems = problems
        where = f"case '{case_id}'" if case_id else "case"
        if len(problems) == 1:
            super().__init__(f"{where}: {problems[0]}")
        else:
            listed = "\n".join(f"  - {p}" for p in problems)
            super().__init__(f"{where} has {len(problems)} problems:\n{listed}")


class UnsupportedCase(CobsimError):  # noqa: N818
    """A well-formed case that asks for something the engine deliberately does not decide."""


class InvalidInput(CobsimError, ValueError):  # noqa: N818
    """A file, option or argument that is not what the command or function accepts."""
