"""A deliberately broken engine for the kit's tests: one fault per mode, on the first case it is sent.

    python hostile_engine.py MODE STATE_DIR

It answers like cobsim (examples/engines/cobsim_adapter.py) except for its fault (``swap`` is no fault: it answers
the first two cases in the opposite order, which the protocol allows). STATE_DIR receives a file
``pid-N`` for every process it starts (children included), so a test can check that none is left, and a counter of
the cases received over all restarts (so ``all`` shows each fault of :data:`IN_TURN` on one case in turn).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ENGINES = Path(__file__).resolve().parents[2] / "examples" / "engines"
sys.path.insert(0, str(ENGINES))

from cobsim_adapter import HANDSHAKE, answer  # type: ignore[import-not-found]  # noqa: E402

#: Faults shown on the case they hit; each leaves the engine able to answer the next one (after a restart).
IN_TURN = (
    "crash",
    "hang",
    "flood",
    "garbage",
    "other-id",
    "nan",
    "snan",
    "huge",
    "huge-number",
    "nan-token",
    "nested",
    "surrogate",
    "control",
    "not-utf8",
    "list",
    "fork-holder",
    "stray",
)
STARTUP = ("bad-handshake", "no-handshake", "silent-exit", "stderr-flood")
ALL_MODES = (*IN_TURN, *STARTUP, "big", "swap", "all")


def write(text: str | bytes) -> None:
    data = text.encode() if isinstance(text, str) else text
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def tick(state: Path) -> int:
    counter = state / "count"
    n = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(n))
    return n


def with_amounts(reply: dict[str, Any], value: Any) -> dict[str, Any]:
    cov = (reply.get("order") or ["some-coverage"])[0]
    return {**reply, "payments": {cov: value}}


def fault(mode: str, msg: dict[str, Any], state: Path) -> None:
    case_id = msg["case"]["id"]
    reply = answer(msg)
    if mode == "crash":
        sys.exit(3)
    if mode == "hang":
        time.sleep(600)
    if mode == "flood":
        write("x" * 3_000_000)
        time.sleep(600)
    if mode == "garbage":
        return write("this is not json\n")
    if mode == "other-id":
        return write(json.dumps({"id": "some-other-case", "order": []}) + "\n")
    if mode in ("nan", "snan", "huge"):
        value = {"nan": "NaN", "snan": "sNaN", "huge": "1e999999999"}[mode]
        return write(json.dumps(with_amounts(reply, value)) + "\n")
    if mode == "huge-number":
        return write(json.dumps(with_amounts(reply, "@")).replace('"@"', "1e999999999") + "\n")
    if mode == "nan-token":
        return write(json.dumps(with_amounts(reply, "@")).replace('"@"', "NaN") + "\n")
    if mode == "nested":
        return write('{"id": ' + json.dumps(case_id) + ', "order": ' + "[" * 200_000 + "]" * 200_000 + "}\n")
    if mode == "surrogate":
        return write(json.dumps({"id": case_id, "error": "lone \udc80 surrogate"}) + "\n")
    if mode == "control":
        return write(json.dumps({"id": case_id, "error": "\x1b[2J\x1b[31mred\x00 <b>&amp;</b> \x07bell\u202e"}) + "\n")
    if mode == "not-utf8":
        return write(b'{"id": "\xff\xfe", "order": []}\n')
    if mode == "list":
        return write("[1, 2, 3]\n")
    if mode == "fork-holder":
        child = os.fork()
        if child == 0:  # the child keeps stdout open and outlives its parent
            (state / f"pid-{os.getpid()}").touch()
            time.sleep(600)
            os._exit(0)
        sys.exit(0)
    if mode == "stray":
        line = json.dumps(reply) + "\n"
        return write(line + line)
    raise SystemExit(f"unknown mode {mode}")


def main() -> None:
    mode, state = sys.argv[1], Path(sys.argv[2])
    state.mkdir(parents=True, exist_ok=True)
    (state / f"pid-{os.getpid()}").touch()
    if mode == "bad-handshake":
        write("hello, I am an engine\n")
        time.sleep(600)
    if mode == "no-handshake":
        time.sleep(600)
    if mode == "silent-exit":
        return
    if mode == "stderr-flood":
        chunk = ("e" * 1023 + "\n") * 1024
        for _ in range(20):  # 20 MB before the handshake
            sys.stderr.write(chunk)
        sys.stderr.write("last words of the engine\n")
        sys.stderr.flush()
    write(json.dumps(HANDSHAKE) + "\n")
    held: list[str] = []
    for line in sys.stdin:
        msg = json.loads(line)
        n = tick(state)
        if mode == "swap":  # answers the first two cases in the opposite order (allowed: answers carry their id)
            held.append(json.dumps(answer(msg)) + "\n")
            if n >= 2:
                write("".join(reversed(held)))
                held = []
            continue
        if mode == "big":
            write(json.dumps({**answer(msg), "padding": "p" * 900_000}) + "\n")
            continue
        which = IN_TURN[n - 1] if mode == "all" and n <= len(IN_TURN) else (mode if n == 1 else None)
        if which is None or which == "stderr-flood":
            write(json.dumps(answer(msg)) + "\n")
        else:
            fault(which, msg, state)


if __name__ == "__main__":
    main()
