"""Load test: many trainees answering at once on several app replicas that share one database.

Starts ``--replicas`` copies of ``streamlit run app.py`` on loopback ports (127.0.0.1 only), all on one progress
database (a fresh SQLite file, or ``--db postgresql://...``). Each simulated trainee is a plain websocket client
speaking Streamlit's own protocol (the protobuf messages the browser sends), signed in through the URL, spread
round-robin over the replicas. After everyone has opened the lesson, all trainees press "Check answer" at the
same moment, ``--questions`` times in a row. Reported:

- time to feedback: from sending the answer to the end of the script run that shows "Right." or "Not quite"
  (p50, p95, max), with a baseline of one trainee answering alone on the same replicas in the same run;
- answers lost: answers whose feedback a trainee saw but that are not in the database afterwards (must be 0).

Bounded: every wait has a timeout and the script stops its servers when done. Example::

    .venv/bin/python scripts/load_practice.py --trainees 100 --replicas 2 --questions 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cobsim.services.store import ProgressStore  # noqa: E402

CLASS = 900
TIMEOUT = 300.0  # seconds: no single wait in this script lasts longer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def letters(i: int) -> str:
    """A name part without digits (names hold letters only): 0 -> 'Aa', 1 -> 'Ab', ..."""
    a, b = divmod(i, 26)
    return chr(65 + a % 26) + chr(97 + b)


@dataclass
class Screen:
    """What one script run put on the screen: widgets by label, captions, alerts."""

    buttons: dict[str, str] = field(default_factory=dict)
    radio: tuple[str, list[str]] | None = None  # id, options
    texts: dict[str, str] = field(default_factory=dict)  # label -> id
    selects: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (label, raw value)
    item: str | None = None
    feedback: str | None = None


class Trainee:
    def __init__(self, name: str, url: str, seed: int) -> None:
        self.name = name
        self.url = url
        self.rng = random.Random(seed)
        self.ws: websockets.ClientConnection | None = None
        self.screen = Screen()
        self.acked: list[str] = []
        self.times: list[float] = []

    async def connect(self) -> None:
        self.ws = await websockets.connect(f"{self.url}/_stcore/stream", subprotocols=["streamlit"], max_size=2**26)  # type: ignore[list-item]
        await self.run({}, query=f"name={quote(self.name)}&class={CLASS}")

    async def run(self, widgets: dict[str, tuple[str, object]], *, query: str = "") -> Screen:
        """Send one rerun with these widget values and read until a run finishes (not one cut short by
        st.rerun, which the server follows with another run)."""
        assert self.ws is not None
        msg = BackMsg()
        msg.rerun_script.query_string = query or f"name={quote(self.name)}&class={CLASS}"
        for wid, (raw, label) in self.screen.selects.items():
            del label
            st = msg.rerun_script.widget_states.widgets.add()
            st.id, st.string_value = wid, raw
        for wid, (kind, value) in widgets.items():
            st = msg.rerun_script.widget_states.widgets.add()
            st.id = wid
            setattr(st, kind, value)
        await self.ws.send(msg.SerializeToString())
        screen = Screen()
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), TIMEOUT)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)  # type: ignore[arg-type]
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                screen = Screen()
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._read(fwd.delta.new_element, screen)
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    screen = Screen()
                    continue
                self.screen = screen
                return screen

    @staticmethod
    def _read(el: object, screen: Screen) -> None:
        which = el.WhichOneof("type")  # type: ignore[attr-defined]
        proto = getattr(el, which)
        if which == "button":
            screen.buttons[proto.label] = proto.id
        elif which == "radio":
            screen.radio = (proto.id, list(proto.options))
        elif which == "text_input":
            screen.texts[proto.label] = proto.id
        elif which == "selectbox":
            screen.selects[proto.id] = (proto.raw_value, proto.label)
        elif which == "markdown" and proto.body.startswith("Item "):
            screen.item = proto.body.removeprefix("Item ").strip()
        elif which == "alert" and (proto.body == "Right." or proto.body.startswith("Not quite")):
            screen.feedback = proto.body

    async def press(self, label: str, extra: dict[str, tuple[str, object]] | None = None) -> Screen:
        wid = self.screen.buttons.get(label)
        if wid is None:
            raise RuntimeError(f"{self.name}: no '{label}' button on the screen (item {self.screen.item})")
        return await self.run({**(extra or {}), wid: ("trigger_value", True)})

    async def open_lesson(self) -> None:
        if "Start the questions" in self.screen.buttons:
            await self.press("Start the questions")
        if self.screen.item is None:
            raise RuntimeError(f"{self.name}: no question after opening the lesson")

    async def answer(self) -> None:
        """Answer the question on screen; time it to the feedback."""
        values: dict[str, tuple[str, object]] = {}
        if self.screen.radio is not None:
            rid, options = self.screen.radio
            values[rid] = ("string_value", self.rng.choice(options))
        else:
            for label, tid in self.screen.texts.items():
                values[tid] = ("string_value", "100.00" if "pays" in label else "20.00")
        item = self.screen.item
        start = time.perf_counter()
        screen = await self.press("Check answer", values)
        if screen.feedback is None:
            raise RuntimeError(f"{self.name}: no feedback for {item}")
        self.times.append(time.perf_counter() - start)
        assert item is not None
        self.acked.append(item)

    async def next(self) -> None:
        await self.press("Next question")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def start_replicas(n: int, db: str, log: Path) -> tuple[list[subprocess.Popen[bytes]], list[str]]:
    procs, urls = [], []
    env = {**os.environ, "COBSIM_DB": db}
    env.pop("COBSIM_TEST_CLOCK_FILE", None)
    for i in range(n):
        port = free_port()
        out = (log / f"replica{i}.log").open("wb")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(ROOT / "app.py"),
                    "--server.headless",
                    "true",
                    "--server.address",
                    "127.0.0.1",
                    "--server.port",
                    str(port),
                    "--server.fileWatcherType",
                    "none",
                    "--browser.gatherUsageStats",
                    "false",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
        urls.append(f"ws://127.0.0.1:{port}")
    deadline = time.monotonic() + 120
    for url in urls:
        health = url.replace("ws://", "http://") + "/_stcore/health"
        while True:
            try:
                with urllib.request.urlopen(health, timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"replica {url} did not start (see {log})") from None
                time.sleep(0.5)
    return procs, urls


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def scenario(urls: list[str], trainees: int, questions: int) -> tuple[list[Trainee], list[float]]:
    # baseline: one trainee alone, same replicas, same run
    alone = Trainee("Baseline Solo", urls[0], seed=0)
    await alone.connect()
    await alone.open_lesson()
    for _ in range(questions):
        await alone.answer()
        await alone.next()
    await alone.close()

    crowd = [Trainee(f"Load Trainee {letters(i)}", urls[i % len(urls)], seed=i + 1) for i in range(trainees)]
    sem = asyncio.Semaphore(20)  # sign in 20 at a time: the crowd arrives over a few seconds, then answers at once

    async def arrive(t: Trainee) -> None:
        async with sem:
            await t.connect()
            await t.open_lesson()

    await asyncio.gather(*(arrive(t) for t in crowd))
    for q in range(questions):
        await asyncio.gather(*(t.answer() for t in crowd))  # everyone presses "Check answer" at once
        if q + 1 < questions:
            await asyncio.gather(*(t.next() for t in crowd))
    await asyncio.gather(*(t.close() for t in crowd))
    return crowd, alone.times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=100)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--questions", type=int, default=3, help="answers per trainee, all sent at once each time")
    parser.add_argument("--db", default=None, help="postgresql:// URL (default: a fresh SQLite file)")
    parser.add_argument("--class-code", type=int, default=None, help="class of the simulated trainees (default: new)")
    args = parser.parse_args(argv)
    if not 1 <= args.trainees <= 500 or not 1 <= args.replicas <= 8 or not 1 <= args.questions <= 8:
        parser.error("trainees 1-500, replicas 1-8, questions 1-8")
    work = Path(tempfile.mkdtemp(prefix="cobsim-load-"))
    db = args.db or str(work / "progress.db")
    global CLASS  # noqa: PLW0603  (one class per run, so runs against a shared PostgreSQL never mix)
    CLASS = args.class_code if args.class_code is not None else 100_000 + int(time.time()) % 800_000
    procs, urls = start_replicas(args.replicas, db, work)
    try:
        began, client_cpu = time.perf_counter(), time.process_time()
        servers_cpu = sum(cpu_seconds(p.pid) for p in procs)
        crowd, baseline = asyncio.run(asyncio.wait_for(scenario(urls, args.trainees, args.questions), 1800))
        wall = time.perf_counter() - began
        client_cpu = time.process_time() - client_cpu
        servers_cpu = sum(cpu_seconds(p.pid) for p in procs) - servers_cpu
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
    store = ProgressStore(db)
    stored = {(a.trainee_id, a.question) for a in store.answers(class_code=CLASS)}
    ids = {t.key: t.id for t in store.roster(CLASS)}
    acked = [(ids.get(t.name.casefold()), q) for t in crowd for q in t.acked]
    lost = sum(1 for a in acked if a not in stored)
    crowd_ids = {ids.get(t.name.casefold()) for t in crowd}
    stored_crowd = sum(1 for tid, _ in stored if tid in crowd_ids)
    times = [s for t in crowd for s in t.times]
    backend = store.backend
    store.dispose()
    print(f"database: {backend}; replicas: {args.replicas}; trainees: {args.trainees}; answers each: {args.questions}")
    print(
        f"baseline, one trainee alone: time to feedback median {statistics.median(baseline) * 1000:.0f} ms "
        f"over {len(baseline)} answers"
    )
    print(
        f"{args.trainees} trainees answering at once: {len(times)} answers, time to feedback "
        f"p50 {pct(times, 50) * 1000:.0f} ms, p95 {pct(times, 95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )
    print(f"answers acknowledged: {len(acked)}; stored: {stored_crowd}; answers lost: {lost}")
    print(
        f"wall time: {wall:.1f} s; CPU: replicas {servers_cpu:.1f} s, load client {client_cpu:.1f} s "
        f"(2 cores shared by both); machine load average {os.getloadavg()[0]:.1f}; logs in {work}"
    )
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
