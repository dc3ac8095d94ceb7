"""Benchmark: what starting ``cobsim`` costs, in CPU seconds, against ``python -c pass`` measured in the same run.

Each command runs ``--repeat`` times in a child process (the commands take turns, so a burst of load elsewhere
falls on all of them alike); its CPU time (user + system) is read from ``resource.getrusage(RUSAGE_CHILDREN)``
before and after. The figures are medians. Before measuring, the script compiles cobsim's and the generators'
``.pyc`` files and runs each command once unmeasured, and the children run without ``PYTHONDONTWRITEBYTECODE``:
the figure is a normal install's, not one that compiles every module from source at every start.

The target (issue 16): ``cobsim solve`` of one example costs under 0.25 CPU-seconds on a quiet machine. The load
average is printed before and after: on a loaded machine (load above the number of cores) every figure is higher,
the baseline's too.

Usage:
    python scripts/bench_startup.py [--repeat 5] [--example examples/naic/c02-birthday-rule.json] [--target 0.25]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/naic/c02-birthday-rule.json"


def cobsim_command() -> list[str]:
    """The ``cobsim`` console script beside this Python (what a user runs), else ``python -m cobsim.cli``."""
    script = Path(sys.executable).parent / "cobsim"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cobsim.cli"]


def commands(example: str) -> dict[str, list[str]]:
    cobsim = cobsim_command()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import cobsim"': [sys.executable, "-c", "import cobsim"],
        f"cobsim solve {example}": [*cobsim, "solve", example],
        f"cobsim solve --json {example}": [*cobsim, "solve", "--json", example],
        "cobsim --help": [*cobsim, "--help"],
    }


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["COLUMNS"] = "160"
    return env


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one run of ``cmd`` in a child process; its output is discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {done.returncode}): {done.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (the median is reported)")
    parser.add_argument("--example", default=EXAMPLE, help="the case file `cobsim solve` reads")
    parser.add_argument("--target", type=float, default=0.25, help="CPU seconds `cobsim solve` must stay under")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    print(f"Python {sys.version.split()[0]} ({sys.executable})")
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE")
    print(
        f"PYTHONDONTWRITEBYTECODE in this shell: {'set (' + repr(flag) + ')' if flag is not None else 'not set'}; "
        "the children run without it, with .pyc files compiled first"
    )
    for package in ("cobsim", "generators"):
        if (ROOT / package).is_dir():
            compileall.compile_dir(ROOT / package, quiet=1)
    env = child_env()
    table = commands(args.example)
    for cmd in table.values():  # warm-up: page cache, and .pyc files of anything not compiled yet
        cpu_seconds(cmd, env)

    print(f"load average before: {load()}")
    runs: dict[str, list[float]] = {name: [] for name in table}
    for _ in range(args.repeat):
        for name, cmd in table.items():
            runs[name].append(cpu_seconds(cmd, env))
    print(f"load average after:  {load()}")

    base = statistics.median(runs["python -c pass"])
    print(f"\nCPU seconds (user + system) per run, median of {args.repeat} (min - max), ratio to python -c pass:")
    width = max(len(name) for name in table)
    for name, values in runs.items():
        median = statistics.median(values)
        ratio = f"{median / base:6.1f}x" if base > 0 else "     -"
        print(f"  {name:<{width}}  {median:6.3f}  ({min(values):.3f} - {max(values):.3f})  {ratio}")
    solve = statistics.median(runs[f"cobsim solve {args.example}"])
    verdict = "PASS" if solve < args.target else "MISS"
    print(f"\n{verdict}: cobsim solve {args.example} costs {solve:.3f} CPU-s (target: under {args.target:.2f})")


if __name__ == "__main__":
    main()
