"""Generators: every scenario and variant tells its story (checked against the story, not the engine's own
answer), validates, and is reproducible."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from cobsim.io import parse_case
from cobsim.schema import case_schema
from generators.produce import Options, build_case, derive_seed, dumps_line, generate, plan, regenerate, scenarios_named
from generators.scenarios import CATALOGUE

PAIRS = [(name, variant) for name in sorted(CATALOGUE) for variant in CATALOGUE[name].variants]
SEEDS_PER_VARIANT = 12


@pytest.mark.parametrize(("name", "variant"), PAIRS, ids=[f"{n}/{v}" for n, v in PAIRS])
def test_every_variant_tells_its_story(name: str, variant: str) -> None:
    """build_case raises StoryMismatch when the engine's order differs from the scenario's own story."""
    sc = CATALOGUE[name]
    for i in range(SEEDS_PER_VARIANT):
        for payments in ("never", "always"):
            data = build_case(sc, variant, derive_seed(11, name, i), Options(payments=payments))
            case = parse_case(data)
            assert case.meta.scenario == name
            assert case.meta.synthetic
            assert data["expected"]["order"], "every story has at least one payer"


def test_scenarios_are_documented() -> None:
    assert len(CATALOGUE) >= 40
    for sc in CATALOGUE.values():
        assert len(sc.description) > 80, sc.name
        assert sc.rules, sc.name
        assert sc.source, sc.name
        assert 1 <= sc.difficulty <= 5


def test_generated_cases_validate_against_the_json_schema() -> None:
    validator = Draft202012Validator(case_schema())
    for data in generate(["all"], 3 * len(CATALOGUE), 5):
        errors = list(validator.iter_errors(json.loads(dumps_line(data))))
        assert not errors, f"{data['id']}: {errors[0].message}"


def test_same_seed_same_bytes_and_shards_concatenate() -> None:
    one = "".join(dumps_line(c) for c in generate(["all"], 90, 3))
    two = "".join(dumps_line(c) for c in generate(["all"], 90, 3))
    assert one == two
    shards = "".join(dumps_line(c) for k in (1, 2, 3) for c in generate(["all"], 90, 3, shard=(k, 3)))
    assert shards == one
    other = "".join(dumps_line(c) for c in generate(["all"], 90, 4))
    assert other != one


def test_a_case_can_be_regenerated_alone() -> None:
    data = next(iter(generate(["all"], 1, 9)))
    meta = data["meta"]
    again = regenerate(meta["scenario"], meta["variant"], meta["seed"])
    assert dumps_line(again) == dumps_line(data)


def test_determinism_across_processes() -> None:
    code = (
        "from generators.produce import generate, dumps_line;"
        "import hashlib,sys;"
        "h=hashlib.sha256(''.join(dumps_line(c) for c in generate(['all'], 60, 21)).encode());"
        "sys.stdout.write(h.hexdigest())"
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(outs) == 1


def test_mix_reaches_every_variant() -> None:
    scenarios = scenarios_named(["all"])
    width = max(len(s.variants) for s in scenarios)
    seen = {(sc.name, v) for sc, v, _ in plan(scenarios, len(scenarios) * width, 1)}
    assert seen == set(PAIRS)


def test_no_issuable_ssn_among_generated_people() -> None:
    count = 0
    for data in generate(["all"], 2000, 17):
        for person in data["people"]:
            ssn = person.get("ssn")
            if ssn:
                count += 1
                assert ssn[0] == "9", ssn
    assert count > 1000


def test_identity_never_issues_a_real_ssn_in_100k_people() -> None:
    import random
    import re

    from generators.identity import Identity

    ident = Identity(random.Random(2024))
    pattern = re.compile(r"^9\d\d-(?!00)\d\d-(?!0000)\d{4}$")
    for _ in range(100_000):
        assert pattern.match(ident.ssn())
    assert ident.mbi().startswith("FAKE")


def test_parallel_generation_gives_the_same_bytes() -> None:
    from generators.produce import generate_lines

    serial = "".join(generate_lines(["all"], 120, 8, chunk=25))
    parallel = "".join(generate_lines(["all"], 120, 8, jobs=2, chunk=25))
    assert serial == parallel == "".join(dumps_line(c) for c in generate(["all"], 120, 8))


# ---------------------------------------------------------------------- JSONL by orjson, bytes of json.dumps


def _json_line(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"


def test_dumps_line_writes_the_bytes_json_wrote_for_generated_cases() -> None:
    for data in generate(["all"], 2 * len(CATALOGUE), 13, options=Options(payments="always")):
        assert dumps_line(data) == _json_line(data)


def test_dumps_line_writes_the_bytes_json_wrote_for_awkward_values() -> None:
    import collections
    import enum
    import math

    class Level(enum.IntEnum):
        HIGH = 3

    class Name(str):
        pass

    moved = collections.OrderedDict([("a", 1), ("b", 2)])
    moved.move_to_end("a")  # its own order differs from the order of the dict underneath
    deep: list[object] = []
    for _ in range(300):  # deeper than orjson goes
        deep = [deep]
    values: list[object] = [
        {"z": 1, "a": 2, "m": {"y": [], "b": {}}},  # key order kept
        {"big": 2**64, "neg": -(2**63) - 1, "top": 2**64 - 1, "low": -(2**63), "huge": 10**40},
        {"text": "é 中 😀 \u2028\u2029\ufeff \x7f \x85", "ctl": "".join(chr(i) for i in range(32)) + '"\\/'},
        {"floats": [0.1, 1e16, 1e-05, 2.5e-07, 1e-4, -0.0, 1e22, 5e-324, 123456789.123]},
        {"nan": math.nan, "inf": math.inf, "-inf": -math.inf},
        {"none": None, "bools": [True, False], "tuple": (1, "a")},
        {1: "int key", None: "none key", 2.5: "float key", False: "bool key"},
        {"subclasses": [Level.HIGH, Name("x")], "ordered": moved},
        {"surrogate": "\ud800"},
        {"deep": deep},
        {"text": "1e-5 and 0.00001 and null inside a string"},
    ]
    for value in values:
        assert dumps_line(value) == _json_line(value)  # type: ignore[arg-type]
    for bad in ({"set": {1}}, {"bytes": b"x"}, {"object": object()}):
        with pytest.raises(TypeError):
            dumps_line(bad)


# ------------------------------------------------------------------- parallel generation, bounded in flight


def test_parallel_generation_keeps_a_bounded_window_whatever_the_reader() -> None:
    """A paused reader stops the submissions: no more than ``window`` chunks are ever submitted and unread."""
    from generators.produce import InFlight, generate_lines

    serial = "".join(generate_lines(["all"], 200, 8, chunk=10))
    watch = InFlight()
    stream = generate_lines(["all"], 200, 8, jobs=2, chunk=10, in_flight=watch)
    lines = [next(stream)]
    assert watch.window == 4  # 2 * jobs
    assert watch.submitted == 4  # of 20 chunks: the reader has not asked for more
    assert watch.consumed == 0
    for line in stream:  # a reader that checks the window at every line
        assert watch.now <= watch.window
        lines.append(line)
    assert watch.submitted == watch.consumed == 20
    assert watch.peak == 4
    assert "".join(lines) == serial


def test_the_window_holds_with_any_executor_and_an_early_stop_cancels_the_rest() -> None:
    from concurrent.futures import Future

    from generators.produce import InFlight, generate_lines

    class Recorder:
        """Runs each chunk when asked, and remembers every future it gave out."""

        def __init__(self) -> None:
            self.futures: list[Future[list[str]]] = []

        def submit(self, fn: object, arg: object) -> Future[list[str]]:
            future: Future[list[str]] = Future()
            future.set_result(fn(arg))  # type: ignore[operator]
            self.futures.append(future)
            return future

    serial = "".join(generate_lines(["all"], 60, 2, chunk=5))
    recorder, watch = Recorder(), InFlight()
    out = "".join(generate_lines(["all"], 60, 2, chunk=5, executor=recorder, window=3, in_flight=watch))
    assert out == serial
    assert len(recorder.futures) == 12
    assert watch.peak == 3

    recorder, watch = Recorder(), InFlight()
    stream = generate_lines(["all"], 60, 2, chunk=5, executor=recorder, window=3, in_flight=watch)
    next(stream)
    assert len(recorder.futures) == 3
    stream.close()  # the reader stops: nothing more is submitted, the rest is cancelled
    assert len(recorder.futures) == 3


def test_a_parallel_run_stopped_early_shuts_its_workers_down() -> None:
    from generators.produce import generate_lines

    stream = generate_lines(["all"], 400, 8, jobs=2, chunk=10)
    first = next(stream)
    stream.close()
    assert first == next(generate_lines(["all"], 1, 8))


# -------------------------------------------------------------------------------- --dask, without a cluster


@pytest.mark.parametrize(
    ("spec", "target"),
    [
        ("local[2]", ("local", 2)),
        ("tcp://10.1.2.3:8786", ("tcp://10.1.2.3:8786", 0)),
        ("scheduler.example:8786", ("tcp://scheduler.example:8786", 0)),
        ("tls://[::1]:8786", ("tls://[::1]:8786", 0)),
    ],
)
def test_dask_addresses_are_read(spec: str, target: tuple[str, int]) -> None:
    from generators.produce import dask_target

    assert dask_target(spec) == target


@pytest.mark.parametrize("spec", ["foo", "local[0]", "local[x]", "tcp://host", "http://host:8786", "host:99999", ""])
def test_bad_dask_addresses_are_refused(spec: str) -> None:
    from cobsim.errors import InvalidInput
    from generators.produce import dask_target

    with pytest.raises(InvalidInput, match="--dask"):
        dask_target(spec)


def test_generate_refuses_bad_dask_options_in_one_line() -> None:
    from typer.testing import CliRunner

    from cobsim.cli import app, load_plugins

    load_plugins()
    runner = CliRunner()
    for args, message in [
        (["--dask", "nowhere"], "give a Dask scheduler's address"),
        (["--dask", "local[2]", "--jobs", "2"], "--dask and --jobs do not combine"),
    ]:
        result = runner.invoke(app, ["generate", "--count", "3", *args])
        assert result.exit_code == 2, result.output
        assert message in result.output
        assert result.output.count("\n") == 1, result.output  # one line, not wrapped


def test_a_dask_address_where_no_scheduler_listens_fails_fast() -> None:
    import socket

    from generators.produce import ClusterError, dask_client

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ClusterError, match="no Dask scheduler at"), dask_client(f"tcp://127.0.0.1:{port}"):
        pass
    with socket.socket() as silent:  # listens, accepts, never speaks: a web server, say
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(ClusterError, match="not a Dask scheduler"), dask_client(address, timeout=0.5):
            pass


def test_workers_that_would_build_other_bytes_are_refused() -> None:
    from generators.produce import ClusterError, _same_code_everywhere, code_fingerprint

    class Cluster:
        def __init__(self, prints: dict[str, str]) -> None:
            self.prints = prints

        def run(self, fn: object) -> dict[str, str]:
            return self.prints

    mine = code_fingerprint()
    assert mine == code_fingerprint()
    _same_code_everywhere(Cluster({"tcp://w1:1": mine, "tcp://w2:2": mine}), "tcp://s:8786")
    with pytest.raises(ClusterError, match="1 of the 2 workers"):
        _same_code_everywhere(Cluster({"tcp://w1:1": mine, "tcp://w2:2": "0" * 16}), "tcp://s:8786")


def test_the_generators_plugin_is_light_to_load() -> None:
    """Every `cobsim` start loads generators.cli (the entry point): faker, the scenarios and dask wait for the
    commands that use them."""
    code = (
        "import sys, cobsim.errors, typer; before = set(sys.modules); import generators.cli;"
        "heavy = ('faker', 'generators.produce', 'generators.scenarios', 'rich.table', 'rich.progress', 'dask',"
        " 'distributed', 'orjson');"
        "sys.stdout.write(','.join(m for m in heavy if m in sys.modules and m not in before))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded == ""
