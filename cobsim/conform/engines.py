"""How the kit reaches an engine under test: a command (JSONL over stdin/stdout), HTTP, or a Python function.

Protocol ``cobsim-conform/1`` (the command transport; the others carry the same JSON objects):

* the engine starts and writes one handshake line:
  ``{"protocol": "cobsim-conform/1", "name": "...", "version": "...", "families": ["naic", "msp"] | null}``
  (``families``: the rule families it supports; ``null`` or absent means all);
* the kit writes one case per line (cobsim case format, without ``expected``);
* the engine writes one answer per line:
  ``{"id": CASE_ID, "order": [COVERAGE_ID, ...], "payments": {COVERAGE_ID: "12.34"}, "patient_owes": "5.00"}``
  (``payments`` and ``patient_owes`` optional), or ``{"id": CASE_ID, "error": "why"}`` when it cannot answer.

A fault of the engine (crash, time-out, oversized or unparseable output) is an :class:`EngineError`; the command
transport then restarts the process so the run goes on.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import selectors
import shlex
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

PROTOCOL = "cobsim-conform/1"
MAX_ANSWER_BYTES = 1_000_000
K = TypeVar("K")


class EngineError(Exception):
    """The engine crashed, hung, or answered something that is not an answer."""


@dataclass
class Handshake:
    """What an engine says of itself."""

    name: str
    version: str = "?"
    families: frozenset[str] | None = None  #: rule families it supports; None: all

    @classmethod
    def parse(cls, data: Any) -> Handshake:
        if not isinstance(data, dict) or data.get("protocol") != PROTOCOL:
            raise EngineError(f'the handshake must be a JSON object with "protocol": "{PROTOCOL}"')
        fams = data.get("families")
        if fams is not None and not (isinstance(fams, list) and all(isinstance(f, str) for f in fams)):
            raise EngineError('"families" must be a list of rule family names or null')
        return cls(str(data.get("name", "unnamed")), str(data.get("version", "?")), frozenset(fams) if fams else None)


class Engine(Protocol):
    """An engine under test."""

    handshake: Handshake

    def answer(self, case: dict[str, Any]) -> Any:
        """The engine's answer to one case (a parsed JSON value), or raise :class:`EngineError`."""
        ...

    def close(self) -> None: ...


def _decode(raw: bytes, what: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        shown = raw[:80].decode("utf-8", "replace")
        raise EngineError(f"{what} is not JSON: {shown!r}") from None


@dataclass
class CommandEngine:
    """An engine run as a process: argv split like a shell would, but never run through one."""

    command: str
    timeout: float = 10.0
    max_bytes: int = MAX_ANSWER_BYTES
    handshake: Handshake = field(init=False)
    restarts: int = field(default=0, init=False)
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _stderr: IO[bytes] | None = field(default=None, init=False, repr=False)
    _buffer: bytes = field(default=b"", init=False, repr=False)
    _dead: str | None = field(default=None, init=False, repr=False)
    _selector: selectors.BaseSelector | None = field(default=None, init=False, repr=False)
    _writing: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self.argv = shlex.split(self.command)
        if not self.argv:
            raise ValueError("the engine command is empty")
        self.handshake = self._start()

    def _start(self) -> Handshake:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115  (kept open for the process's life)
        try:
            self._proc = subprocess.Popen(  # noqa: S603  (argv list, no shell: the user's own engine)
                self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
            )
        except OSError as exc:
            raise EngineError(f"cannot start {self.argv[0]!r}: {exc.strerror or exc}") from None
        self._buffer = b""
        handshake = Handshake.parse(_decode(self._read_line(), "the handshake"))
        assert self._proc.stdin is not None
        os.set_blocking(self._proc.stdin.fileno(), False)
        return handshake

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - 300))
        tail = self._stderr.read().decode("utf-8", "replace").strip()
        return f"; stderr ends: {tail.splitlines()[-1][:200]}" if tail else ""

    def _read_line(self) -> bytes:
        assert self._proc is not None
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + self.timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                if len(self._buffer) > self.max_bytes:
                    raise EngineError(f"the answer is longer than {self.max_bytes:,} bytes")
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise EngineError(f"no answer within {self.timeout:g} s")
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise EngineError(self._closed())
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        if len(line) > self.max_bytes:
            raise EngineError(f"the answer is longer than {self.max_bytes:,} bytes")
        return line

    def answers(self, cases: Iterable[tuple[K, dict[str, Any]]], window: int = 64) -> Iterator[tuple[K, Any]]:
        """Answers to ``cases`` in order, each a parsed answer or an :class:`EngineError`.

        Up to ``window`` cases are in flight, so the engine never waits for the kit. The time limit runs for the
        oldest case without an answer. After a fault that case gets the error, the process restarts, and the
        cases still in flight are sent again.
        """
        source = iter(cases)
        pending: deque[tuple[K, bytes]] = deque()
        outbuf = b""
        exhausted = False
        since = time.monotonic()
        while True:
            while not exhausted and len(pending) < window:
                try:
                    key, case = next(source)
                except StopIteration:
                    exhausted = True
                    break
                data = (json.dumps(case, separators=(",", ":")) + "\n").encode()
                pending.append((key, data))
                outbuf += data
            if not pending:
                return
            fault: str | None = None
            if self._proc is None:
                fault = self._dead or "the engine is not running"
            elif b"\n" in self._buffer:
                line, _, self._buffer = self._buffer.partition(b"\n")
                key, _ = pending.popleft()
                since = time.monotonic()
                if len(line) > self.max_bytes:
                    fault = f"the answer is longer than {self.max_bytes:,} bytes"
                    pending.appendleft((key, b""))
                else:
                    try:
                        yield key, _decode(line, "the answer")
                    except EngineError as exc:
                        yield key, exc
                    continue
            else:
                fault, outbuf = self._pump(outbuf, since)
            if fault is None:
                continue
            key, _ = pending.popleft()
            yield key, EngineError(fault)
            self.restart()
            outbuf = b"".join(data for _, data in pending)
            since = time.monotonic()

    def _pump(self, outbuf: bytes, since: float) -> tuple[str | None, bytes]:
        """Move bytes both ways until something arrives; returns a fault (or None) and what is left to write."""
        assert self._proc is not None
        assert self._proc.stdin is not None
        assert self._proc.stdout is not None
        left = since + self.timeout - time.monotonic()
        if left <= 0:
            return f"no answer within {self.timeout:g} s", outbuf
        if len(self._buffer) > self.max_bytes:
            return f"the answer is longer than {self.max_bytes:,} bytes", outbuf
        out_fd, in_fd = self._proc.stdout.fileno(), self._proc.stdin.fileno()
        sel = self._selector
        if sel is None:
            sel = self._selector = selectors.DefaultSelector()
            sel.register(out_fd, selectors.EVENT_READ)
            sel.register(in_fd, selectors.EVENT_WRITE)
            self._writing = True
        if bool(outbuf) != self._writing:  # watch the input only while there is something to write
            if outbuf:
                sel.register(in_fd, selectors.EVENT_WRITE)
            else:
                sel.unregister(in_fd)
            self._writing = bool(outbuf)
        events = sel.select(left)
        if not events:
            return f"no answer within {self.timeout:g} s", outbuf
        for key, _ in events:
            if key.fd == in_fd:
                try:
                    written = os.write(in_fd, outbuf[:65536])
                except BlockingIOError:
                    written = 0
                except OSError as exc:  # broken pipe: the engine stopped reading
                    return f"the engine stopped reading ({exc.strerror})" + self._stderr_tail(), outbuf
                outbuf = outbuf[written:]
            else:
                chunk = os.read(out_fd, 65536)
                if not chunk:
                    return self._closed(), outbuf
                self._buffer += chunk
        return None, outbuf

    def _closed(self) -> str:
        assert self._proc is not None
        try:  # the output closed: the process is ending, give it a moment to say how
            code: int | None = self._proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            code = None
        return f"the engine closed its output (exit code {code if code is not None else '?'})" + self._stderr_tail()

    def answer(self, case: dict[str, Any]) -> Any:
        ((_, reply),) = self.answers([(0, case)], window=1)
        if isinstance(reply, EngineError):
            raise reply
        return reply

    def restart(self) -> None:
        """Kill the process (if any) and start it again, for the next case."""
        self.close()
        self.restarts += 1
        try:
            self.handshake = self._start()
        except EngineError as exc:
            self.close()
            self._dead = f"the engine could not be restarted: {exc}"

    def close(self) -> None:
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    pipe.close()
            self._proc = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None


@dataclass
class HttpEngine:
    """An engine behind HTTP: each case is POSTed as JSON to ``url`` and the body of the reply is the answer."""

    url: str
    timeout: float = 10.0
    max_bytes: int = MAX_ANSWER_BYTES
    handshake: Handshake = field(init=False)

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise ValueError("the engine URL must start with http:// or https://")
        self.handshake = Handshake(self.url)

    def answer(self, case: dict[str, Any]) -> Any:
        body = json.dumps(case, separators=(",", ":")).encode()
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            self.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:  # noqa: S310
                raw = reply.read(self.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            raise EngineError(f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise EngineError(f"no answer from {self.url}: {getattr(exc, 'reason', exc)}") from None
        if len(raw) > self.max_bytes:
            raise EngineError(f"the answer is longer than {self.max_bytes:,} bytes")
        return _decode(raw, "the answer")

    def close(self) -> None:
        return None


@dataclass
class PythonEngine:
    """An in-process engine: ``module:function`` taking a case (dict) and returning an answer (dict).

    The module may define ``HANDSHAKE`` (a dict as in the protocol). A time limit cannot be enforced in-process:
    use the command transport for engines that may hang.
    """

    target: str
    handshake: Handshake = field(init=False)

    def __post_init__(self) -> None:
        module_name, _, func_name = self.target.rpartition(":")
        if not module_name or not func_name:
            raise ValueError("--engine-python takes module:function or path/to/file.py:function")
        try:
            if module_name.endswith(".py"):
                spec = importlib.util.spec_from_file_location(Path(module_name).stem, module_name)
                if spec is None or spec.loader is None or not Path(module_name).is_file():
                    raise ImportError("no such file")
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
            else:
                module = importlib.import_module(module_name)
        except ImportError as exc:
            raise ValueError(f"cannot import {module_name!r}: {exc}") from None
        func = getattr(module, func_name, None)
        if not callable(func):
            raise ValueError(f"{module_name!r} has no function {func_name!r}")
        self.func: Callable[[dict[str, Any]], Any] = func
        raw = getattr(module, "HANDSHAKE", None)
        self.handshake = Handshake.parse(raw) if raw is not None else Handshake(self.target)

    def answer(self, case: dict[str, Any]) -> Any:
        try:
            return self.func(case)
        except Exception as exc:  # any failure of the engine under test is its fault
            raise EngineError(f"{type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        return None
