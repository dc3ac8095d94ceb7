"""Start-up stays light, checked without a clock: which modules a fresh process imports for a command.

`cobsim solve` imports the engine and what it prints with, never the graph view (networkx, matplotlib), the
generators and what they use (faker, hypothesis), the app's templates (jinja2), FHIR, the conformance kit or the
claims package; those load when a command that needs them is named, or when the help lists every command.
``scripts/bench_startup.py`` measures what the start costs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, ROOT

BIRTHDAY = EXAMPLES / "naic" / "c02-birthday-rule.json"

#: Modules (a package and everything under it) that the engine's commands never need.
HEAVY = (
    "networkx",
    "matplotlib",
    "generators",
    "faker",
    "hypothesis",
    "jinja2",
    "fhir",
    "cobsim.graph",
    "cobsim.conform",
    "cobsim.claims",
    "cobsim.fhir",
    "cobsim.x12",
    "cobsim.schema",
    "cobsim.services",
)

# Runs a command line in this process (as the `cobsim` script would) and prints, after a marker, the modules it
# imported: the command's own output goes to stdout first.
PROBE = """
import json, sys
argv = sys.argv[1:]
if argv:
    from cobsim.cli import main
    sys.argv = ["cobsim", *argv]
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
else:
    import cobsim.cli
    code = 0
sys.stdout.write("\\n@@modules@@" + json.dumps({"code": code, "modules": sorted(sys.modules)}) + "\\n")
"""


def imported(*argv: str) -> tuple[int, str, set[str]]:
    """(exit code, output, modules imported) of ``cobsim *argv`` run in a fresh process."""
    env = {**os.environ, "COLUMNS": "160"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    output, _, tail = done.stdout.rpartition("\n@@modules@@")
    data = json.loads(tail)
    return data["code"], output, set(data["modules"])


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize(
    "argv",
    [(), ("solve", str(BIRTHDAY)), ("solve", "--json", str(BIRTHDAY)), ("explain", str(BIRTHDAY))],
    ids=["import", "solve", "solve-json", "explain"],
)
def test_the_engine_commands_import_nothing_heavy(argv: tuple[str, ...]) -> None:
    code, output, modules = imported(*argv)
    assert code == 0, output
    assert heavy(modules) == []
    if argv:
        assert "cobsim.engine" in modules
        assert "dad-plan" in output


def test_import_cli_does_not_load_the_engine_or_read_the_profiles() -> None:
    _, _, modules = imported()
    assert "cobsim.engine" not in modules
    assert "cobsim.rules.jurisdictions" not in modules
    assert "yaml" not in modules


def test_import_cobsim_is_light_and_its_public_names_still_resolve() -> None:
    probe = (
        "import sys, cobsim; light = 'cobsim.engine' not in sys.modules and 'pydantic' not in sys.modules\n"
        "from cobsim import Case, Determination, solve, __all__, __version__\n"
        "import cobsim.engine, cobsim.model.case, cobsim.trace\n"
        "assert solve is cobsim.engine.solve and Case is cobsim.model.case.Case\n"
        "assert Determination is cobsim.trace.Determination\n"
        "assert all(hasattr(cobsim, name) for name in __all__)\n"
        "assert set(__all__) <= set(dir(cobsim))\n"
        "print(light)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_a_command_from_elsewhere_is_imported_when_named() -> None:
    code, output, modules = imported("claims", str(BIRTHDAY))
    assert code == 0, output
    assert "cobsim.claims" in modules
    assert not any(m == "generators" or m.startswith("generators.") for m in modules)
    code, output, modules = imported("scenarios")  # an installed package's command (the generators' entry point)
    assert code == 0, output
    assert "generators.cli" in modules


def test_the_help_lists_every_command_in_order() -> None:
    code, output, modules = imported("--help")
    assert code == 0, output
    names = [line.split()[1] for line in output.splitlines() if line.startswith("│ ") and len(line.split()) > 2]
    order = ["solve", "explain", "schema", "validate", "check", "rules", "timeline", "graph", "conform", "claims"]
    order += ["export", "import-fhir", "generate", "scenarios", "coverage"]
    assert [n for n in names if n in order] == order
    assert "generators.cli" in modules
