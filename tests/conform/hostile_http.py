"""HTTP engines for the kit's tests: cobsim behind a raw socket server that misbehaves on the first case it is sent.

A raw server (not http.server) so that it can send what no HTTP library would: a bad status line, 150 headers, a
64 KB header line, a reply dripped a byte at a time. ``GET`` answers the handshake; each ``POST`` is a case.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

ENGINES = Path(__file__).resolve().parents[2] / "examples" / "engines"
if str(ENGINES) not in sys.path:
    sys.path.insert(0, str(ENGINES))

from cobsim_adapter import HANDSHAKE, answer  # type: ignore[import-not-found]  # noqa: E402

MODES = (
    "good",
    "bad-status",
    "many-headers",
    "long-header",
    "drip-body",
    "drip-head",
    "redirect-other",
    "redirect-same",
    "server-error",
    "close",
    "huge-body",
)


def _response(status: str, body: bytes, headers: list[str] | None = None) -> bytes:
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Content-Type: application/json", "Connection: close"]
    return ("\r\n".join(head + (headers or [])) + "\r\n\r\n").encode() + body


class HostileServer:
    """A threaded raw HTTP server on 127.0.0.1; ``mode`` applies to the first POST only."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.posts = 0
        self._lock = threading.Lock()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/answer"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> tuple[str, str, bytes]:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                raise ConnectionError
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        while len(body) < length:
            body += conn.recv(65536)
        return method, path, body

    def _handle(self, conn: socket.socket) -> None:
        try:
            with conn:
                conn.settimeout(30)
                method, path, body = self._read_request(conn)
                if method == "GET":
                    conn.sendall(_response("200 OK", json.dumps(HANDSHAKE).encode()))
                    return
                with self._lock:
                    self.posts += 1
                    first = self.posts == 1
                reply = json.dumps(answer(json.loads(body))).encode()
                mode = self.mode if first or (self.mode == "redirect-same" and path == "/answer") else "good"
                self._send(conn, mode, reply)
        except (OSError, ConnectionError, ValueError):
            return

    def _send(self, conn: socket.socket, mode: str, reply: bytes) -> None:
        if mode == "good":
            return conn.sendall(_response("200 OK", reply))
        if mode == "bad-status":
            return conn.sendall(b"HTTX/1.1 2OO OK\r\n\r\n" + reply)
        if mode == "many-headers":
            return conn.sendall(_response("200 OK", reply, [f"X-Header-{i}: {i}" for i in range(150)]))
        if mode == "long-header":
            return conn.sendall(_response("200 OK", reply, ["X-Long: " + "a" * 65536]))
        if mode == "drip-body":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n")
            return self._drip(conn, b"x" * 10_000_000)
        if mode == "drip-head":
            return self._drip(conn, _response("200 OK", reply))
        if mode == "redirect-other":
            where = f"http://127.0.0.2:{self.port}/answer"
            return conn.sendall(_response("307 Temporary Redirect", b"", [f"Location: {where}"]))
        if mode == "redirect-same":
            return conn.sendall(_response("307 Temporary Redirect", b"", ["Location: /again"]))
        if mode == "server-error":
            return conn.sendall(_response("500 Internal Server Error", b"boom \x1b[2J"))
        if mode == "close":
            return None
        if mode == "huge-body":
            return conn.sendall(_response("200 OK", b" " * 5_000_000 + reply))
        raise ValueError(mode)

    def _drip(self, conn: socket.socket, data: bytes) -> None:
        for i in range(len(data)):
            if self._stop.is_set():
                return
            conn.sendall(data[i : i + 1])
            time.sleep(0.05)


def serve(mode: str) -> Any:
    return HostileServer(mode)
