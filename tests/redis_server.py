"""A Redis server of a test's own, on a port of 6391–6399, that the test may stop and start.

The shared Redis on 6379 serves every test run on the machine; a test about an outage stops
only its own server.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

PORTS = range(6391, 6400)


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


class RedisServer:
    """`start()` and `stop()` one redis-server (no persistence), always on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = next((p for p in PORTS if _free(p)), 0)
        if not self.port:
            raise RuntimeError("no free port in 6391–6399 for a test Redis")
        self.proc: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while _free(self.port):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"redis-server did not start on {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None
