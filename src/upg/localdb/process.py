"""The server's process and ports: its JVM command line, launching it detached, stopping it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections import deque
from pathlib import Path

from upg.config import Settings
from upg.errors import LocalDbError
from upg.localdb.layout import Layout


def launch_command(java: Path, settings: Settings, layout: Layout, lib: Path) -> list[str]:
    """The JVM command line of the server (what Neo4j's own launcher would build)."""
    return [
        str(java),
        f"-Xms{settings.heap}",
        f"-Xmx{settings.heap}",
        "-XX:+UseG1GC",
        "-XX:-OmitStackTraceInFastThrow",
        "-XX:+UnlockExperimentalVMOptions",
        "-XX:+TrustFinalNonStaticFields",
        "-XX:+DisableExplicitGC",
        "-Djdk.nio.maxCachedBufferSize=1024",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-Djdk.tls.ephemeralDHKeySize=2048",
        "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
        "-Dlog4j2.disable.jmx=true",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        f"{lib}/*",
        "org.neo4j.server.CommunityEntryPoint",
        f"--home-dir={layout.home}",
        f"--config-dir={layout.conf}",
    ]


def launch(command: list[str], layout: Layout) -> int:
    """Start the server detached, its output appended to the console log; its pid."""
    with layout.console_log.open("a", encoding="utf-8") as console:
        console.write(f"\n--- upg db start {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    # sh backgrounds the JVM and exits, so the server is nobody's child: it outlives the
    # command that started it and never lingers as a zombie of a long-lived parent (pytest).
    script = '"$@" </dev/null >>"$UPG_CONSOLE_LOG" 2>&1 &\necho $!'
    done = subprocess.run(
        ["/bin/sh", "-c", script, "upg-neo4j", *command],
        env={**os.environ, **layout.env(), "UPG_CONSOLE_LOG": str(layout.console_log)},
        cwd=layout.home,
        capture_output=True,
        text=True,
        start_new_session=True,
        check=False,
    )
    try:
        pid = int(done.stdout.strip())
    except ValueError:
        raise LocalDbError(f"could not launch Neo4j: {done.stderr.strip()}") from None
    layout.pid_file.write_text(f"{pid}\n", encoding="utf-8")
    return pid


def terminate(pid: int, timeout_s: float) -> bool:
    """SIGTERM the process and wait until it is gone (SIGKILL after timeout_s); True if killed."""
    began = time.monotonic()
    killed = False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    while pid_alive(pid):
        if not killed and time.monotonic() - began > timeout_s:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            killed = True
        if time.monotonic() - began > timeout_s + 15:
            raise LocalDbError(f"Neo4j (pid {pid}) survived SIGKILL")
        time.sleep(0.2)
    return killed


def pid_alive(pid: int) -> bool:
    """True while the process runs (a zombie counts as gone)."""
    with contextlib.suppress(ChildProcessError):
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] not in {"Z", "X"}


def is_our_server(pid: int, layout: Layout) -> bool:
    """The pid runs a Neo4j with this home (pids get reused after a reboot)."""
    cmdline = Path("/proc") / str(pid) / "cmdline"
    if not Path("/proc").is_dir():
        return True
    try:
        args = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    return f"--home-dir={layout.home}".encode() in args


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True when something already listens on host:port (a bind test, as the server will do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def accepts(port: int, host: str = "127.0.0.1") -> bool:
    """True when a TCP connection to host:port succeeds."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def tail(path: Path, lines: int) -> list[str]:
    """The last lines of a text file (none if it does not exist)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in deque(handle, maxlen=lines)]
    except OSError:
        return []
