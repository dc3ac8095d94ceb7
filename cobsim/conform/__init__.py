"""Conformance kit: run another COB engine against cobsim's fixtures and report where it differs, rule by rule."""

from cobsim.conform.engines import PROTOCOL, CommandEngine, EngineError, Handshake, HttpEngine, PythonEngine
from cobsim.conform.run import Fixture, Result, Run, grade, read_fixtures, run

__all__ = [
    "PROTOCOL",
    "CommandEngine",
    "EngineError",
    "Fixture",
    "Handshake",
    "HttpEngine",
    "PythonEngine",
    "Result",
    "Run",
    "grade",
    "read_fixtures",
    "run",
]
