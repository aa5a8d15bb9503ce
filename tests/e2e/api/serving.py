"""`upg serve` in a process of its own, for tests that measure it from outside (load, a blocked
event loop): its event loop and GIL are not this test process's."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def upg_serve(env: dict[str, str], log: Path | None = None) -> Iterator[str]:
    """`upg serve` on a free port with this environment plus `env`, ready (its /readyz 200)
    until the block ends; its output goes to `log` (or nowhere). Yields its base URL."""
    port = free_port()
    out = log.open("wb") if log is not None else subprocess.DEVNULL
    command = [sys.executable, "-c", "from upg.cli.main import main; main()", "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env={**os.environ, **env},
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                told = log.read_text() if log is not None else ""
                raise AssertionError(f"upg serve stopped while starting {told}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "upg serve did not become ready in 60 s"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        if log is not None and not isinstance(out, int):
            out.close()
