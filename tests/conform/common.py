"""Helpers shared by the conformance kit's tests. Fixtures are always generated at test time (the engine they come
from may change); time limits are generous (a healthy answer takes milliseconds; the limits are seconds)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from cobsim.cli import app, load_plugins
from cobsim.conform import Fixture
from generators.produce import Options, generate_lines, regenerate
from tests.conftest import ROOT

HERE = Path(__file__).resolve().parent
ENGINES = ROOT / "examples" / "engines"
SCHEMAS = ROOT / "cobsim" / "conform" / "schemas"
PY = sys.executable
ADAPTER = f"{PY} {ENGINES / 'cobsim_adapter.py'}"
NAIVE = f"{PY} {ENGINES / 'naive_engine.py'}"
PAYMENTS_ONLY = f"{PY} {ENGINES / 'payments_only.py'}"
HOSTILE = f"{PY} {HERE / 'hostile_engine.py'}"
ROUNDING = f"{PY} {HERE / 'rounding_engine.py'}"
START = 120.0  #: seconds an engine may take to start (python + cobsim import), even on a loaded machine
SLOW = 4.0  #: the per-case limit where a test waits for it to pass (a hang); healthy answers take milliseconds


def generate(path: Path, count: int, seed: int, payments: str = "mixed", *, shared: int = 0) -> Path:
    """``count`` generated fixtures, then ``shared`` cases whose plans share the payment equally (rare otherwise)."""
    lines = list(generate_lines(["all"], count, seed, options=Options(payments=payments)))
    for k in range(shared):
        data = regenerate("longer-vs-shorter", "same-day-share", seed + k, Options(payments="always"))
        lines.append(json.dumps(data, sort_keys=True) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def fixture(scenario: str, variant: str, seed: int = 5, payments: str = "never") -> Fixture:
    data = regenerate(scenario, variant, seed, Options(payments=payments))
    expected = data.pop("expected")
    return Fixture(data, expected, f"{scenario}/{variant}")


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return data


def cli(*args: str) -> Result:
    load_plugins()
    return CliRunner().invoke(app, ["conform", *args])


def report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (a dead child nobody reaped yet)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    state = next((line for line in status.splitlines() if line.startswith("State:")), "")
    return "Z" not in state.split(":", 1)[1].split()[0] if state else False


def started(state: Path) -> list[int]:
    """Pids of every process a hostile engine started (it records them in its state folder)."""
    return sorted(int(p.name.split("-", 1)[1]) for p in state.glob("pid-*"))


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # pragma: no cover - someone else's group
        return False
    # members left: only zombies (dead, waiting for init to reap them) are acceptable
    return not any(alive(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit() and _pgid(p) == pgid)


def _pgid(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[2])
    except (OSError, ValueError, IndexError):
        return None
