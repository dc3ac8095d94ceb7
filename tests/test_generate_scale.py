"""Generation on a Dask cluster: the same bytes as a single run, in order, with a bounded window.

A LocalCluster of 2 worker processes (one thread each) on loopback, no dashboard, stands in for a real cluster.
These tests time nothing: a fresh 2-core CI machine may be slow to start the workers, so the only limits are
generous connect time-outs and pytest's own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generators.produce import InFlight, Options, dask_window, generate_lines

ROOT = Path(__file__).resolve().parent.parent
COUNT = 300


# a busy CI machine may take long to start and answer: generous time-outs, here and in the CLI's own cluster
SLOW = {"distributed.comm.timeouts.connect": "300s", "distributed.comm.timeouts.tcp": "300s"}
SLOW_ENV = {"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "300s", "DASK_DISTRIBUTED__COMM__TIMEOUTS__TCP": "300s"}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(SLOW):
        cluster = LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )
        try:
            with Client(cluster, timeout=300) as c:
                c.wait_for_workers(2, timeout=300)
                yield c
        finally:
            cluster.close()


def _generate(*args: str) -> bytes:
    """`cobsim generate ARGS` in a child process, its JSONL on standard output."""
    cmd = [sys.executable, "-m", "cobsim.cli", "generate", "--no-progress", *args]
    env = {**os.environ, **SLOW_ENV}
    done = subprocess.run(cmd, capture_output=True, check=False, cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.mark.parametrize("seed", [7, 20260])
def test_dask_writes_the_bytes_of_a_serial_run(client: Any, seed: int) -> None:
    serial = "".join(generate_lines(["all"], COUNT, seed, chunk=50))
    watch = InFlight()
    window = dask_window(client)
    dask = "".join(generate_lines(["all"], COUNT, seed, chunk=50, executor=client, window=window, in_flight=watch))
    assert dask == serial
    assert serial.count("\n") == COUNT
    assert window == 4  # two per worker thread
    assert watch.submitted == watch.consumed == COUNT // 50
    assert watch.peak <= window


def test_dask_shards_with_payments_concatenate_to_one_run(client: Any) -> None:
    options = Options(payments="always")
    whole = "".join(generate_lines(["all"], 120, 3, options=options, chunk=25))
    shards = "".join(
        "".join(generate_lines(["all"], 120, 3, options=options, shard=(k, 3), chunk=7, executor=client, window=3))
        for k in (1, 2, 3)
    )
    assert shards == whole


def test_a_paused_reader_holds_the_dask_run_to_its_window(client: Any) -> None:
    watch = InFlight()
    stream = generate_lines(["all"], COUNT, 5, chunk=10, executor=client, window=4, in_flight=watch)
    first = next(stream)
    assert (watch.submitted, watch.consumed) == (4, 0)  # of 30 chunks
    rest = []
    for line in stream:
        assert watch.now <= 4
        rest.append(line)
    assert first + "".join(rest) == "".join(generate_lines(["all"], COUNT, 5))


def test_the_cli_on_a_scheduler_address_writes_the_bytes_of_a_serial_run(client: Any) -> None:
    address = client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    serial = _generate("--count", str(COUNT), "--seed", "11")
    assert serial.count(b"\n") == COUNT
    assert _generate("--count", str(COUNT), "--seed", "11", "--dask", address, "--dask-timeout", "300") == serial


def test_the_cli_on_a_local_cluster_writes_the_bytes_of_a_serial_run(tmp_path: Path) -> None:
    serial, dask = tmp_path / "serial.jsonl", tmp_path / "dask.jsonl"
    args = ["--count", str(COUNT), "--seed", "4", "--payments", "always", "--shard", "2/2"]
    _generate(*args, "--out", str(serial))
    _generate(*args, "--out", str(dask), "--dask", "local[2]")
    assert serial.read_bytes().count(b"\n") == COUNT // 2
    assert dask.read_bytes() == serial.read_bytes()
