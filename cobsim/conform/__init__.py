"""Conformance kit: run another COB engine against cobsim's fixtures and report where it differs, rule by rule.

Modules: :mod:`~cobsim.conform.protocol` (handshake, messages, answers; versions /1 and /2),
:mod:`~cobsim.conform.conventions` (rounding and allowable-expense conventions an engine may declare),
:mod:`~cobsim.conform.fixtures` (JSONL and verified ZIP fixture sets), :mod:`~cobsim.conform.engines` (command,
HTTP and in-process transports that contain every engine fault), :mod:`~cobsim.conform.grading` (status-aware
grading, part by part), :mod:`~cobsim.conform.run`, :mod:`~cobsim.conform.report` (streamed JSON, JUnit, HTML),
:mod:`~cobsim.conform.shrinking` and :mod:`~cobsim.conform.cli` (``cobsim conform``).
"""

from cobsim.conform.conventions import Conventions, Rounding
from cobsim.conform.engines import CommandEngine, EngineError, HttpEngine, PythonEngine, Reply
from cobsim.conform.fixtures import Fixture, FixtureError, FixtureSet, read_fixtures
from cobsim.conform.grading import Grade, Settings, grade
from cobsim.conform.protocol import PROTOCOL, PROTOCOL_1, PROTOCOL_2, Handshake
from cobsim.conform.run import Result, Run, run

__all__ = [
    "PROTOCOL",
    "PROTOCOL_1",
    "PROTOCOL_2",
    "CommandEngine",
    "Conventions",
    "EngineError",
    "Fixture",
    "FixtureError",
    "FixtureSet",
    "Grade",
    "Handshake",
    "HttpEngine",
    "PythonEngine",
    "Reply",
    "Result",
    "Rounding",
    "Run",
    "Settings",
    "grade",
    "read_fixtures",
    "run",
]
