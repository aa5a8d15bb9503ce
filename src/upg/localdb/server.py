"""`LocalNeo4j`: one local server, from its jars to a Bolt port that answers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from upg.config import Settings
from upg.errors import LocalDbError
from upg.localdb import jars
from upg.localdb.config import browser_url, set_initial_password, write_conf
from upg.localdb.java import find_java
from upg.localdb.layout import Layout, neo4j_dir, pom_version
from upg.localdb.password import initial_password, password_source
from upg.localdb.probe import bolt_ready, http_version
from upg.localdb.process import (
    accepts,
    is_our_server,
    launch,
    launch_command,
    pid_alive,
    port_in_use,
    tail,
    terminate,
)

START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class StartReport:
    pid: int
    already_running: bool
    downloaded: bool
    password_set: bool
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per phase: install, configure, start (until Bolt answers)."""


@dataclass(frozen=True)
class StopReport:
    pid: int
    killed: bool
    """True when the server ignored SIGTERM for STOP_TIMEOUT_S and got SIGKILL."""
    seconds: float


@dataclass(frozen=True)
class DbStatus:
    running: bool
    pid: int | None
    version: str | None
    bolt_uri: str
    http_url: str
    home: Path


class LocalNeo4j:
    """One local Neo4j server: `<UPG_HOME>/neo4j`, ports from the settings.

    `settings` carries the server's password once `start` has run: a first start generates one
    (callers that loaded settings before should use these).
    """

    def __init__(
        self, settings: Settings, *, lib_root: Path | None = None, progress: Progress = _quiet
    ) -> None:
        self.settings = settings
        self.layout = Layout(settings.home / "neo4j")
        self._lib_root = lib_root or settings.home / "lib"
        self._progress = progress

    # jars

    @property
    def version(self) -> str:
        return pom_version(neo4j_dir() / "pom.xml")

    @property
    def lib(self) -> Path:
        return self._lib_root / f"neo4j-{self.version}"

    def installed(self) -> bool:
        return jars.installed(self.lib, self.version)

    def install(self) -> bool:
        """Download Neo4j's jars unless present; True when it downloaded."""
        if self.installed():
            return False
        self._progress(
            f"Downloading Neo4j {self.version} from Maven Central into {self.lib} (once)"
        )
        jars.download(self.lib, self.version)
        return True

    def jar_summary(self) -> tuple[int, int]:
        """(number of jars, total bytes) in the jar folder."""
        return jars.jar_summary(self.lib)

    # configuration

    def configure(self, java: Path) -> bool:
        """Write neo4j.conf and, before the first start, the initial password; True if set."""
        layout = self.layout
        write_conf(self.settings, layout, self.lib)
        if not layout.first_start() or layout.auth_ini.exists():
            return False
        password = initial_password(self.settings)
        self.settings = self.settings.model_copy(update={"neo4j_password": password})
        set_initial_password(java, self.lib, layout, self.settings.neo4j_password)
        self._progress(
            f"Set the initial password of user {self.settings.neo4j_user} from "
            f"{password_source(self.settings)} (`upg db credentials` prints it)"
        )
        return True

    # process

    def running_pid(self) -> int | None:
        """The pid of this home's server while it runs; a stale pid file is removed."""
        try:
            pid = int(self.layout.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if pid_alive(pid) and is_our_server(pid, self.layout):
            return pid
        self.layout.pid_file.unlink(missing_ok=True)
        return None

    def start(self, timeout_s: float = START_TIMEOUT_S) -> StartReport:
        """Install, configure and start the server (if not running) and wait for Bolt."""
        if self.settings.uri_is_external:
            raise LocalDbError("UPG_NEO4J_URI is set: upg does not start an external Neo4j")
        began = time.monotonic()
        pid = self.running_pid()
        if pid is not None:
            self._wait_for_bolt(pid, began + timeout_s)
            return StartReport(pid, True, False, False, {"start": time.monotonic() - began})
        for port, variable in (
            (self.settings.bolt_port, "UPG_NEO4J_BOLT_PORT"),
            (self.settings.http_port, "UPG_NEO4J_HTTP_PORT"),
        ):
            if port_in_use(port):
                raise LocalDbError(
                    f"port {port} is already in use by another program; "
                    f"stop it or set {variable} to a free port"
                )
        java = find_java(self.settings)
        timings: dict[str, float] = {}
        mark = time.monotonic()
        downloaded = self.install()
        timings["install"] = time.monotonic() - mark
        mark = time.monotonic()
        password_set = self.configure(java)
        timings["configure"] = time.monotonic() - mark
        mark = time.monotonic()
        pid = launch(launch_command(java, self.settings, self.layout, self.lib), self.layout)
        self._progress(f"Started Neo4j {self.version} (pid {pid}), waiting for Bolt")
        self._wait_for_bolt(pid, mark + timeout_s)
        timings["start"] = time.monotonic() - mark
        return StartReport(pid, False, downloaded, password_set, timings)

    def _wait_for_bolt(self, pid: int, deadline: float) -> None:
        source = password_source(self.settings)
        while True:
            if not pid_alive(pid):
                self.layout.pid_file.unlink(missing_ok=True)
                raise LocalDbError(self._died_message())
            if accepts(self.settings.bolt_port) and bolt_ready(
                self.settings, self.layout.data, source
            ):
                return
            if time.monotonic() > deadline:
                raise LocalDbError(
                    f"Neo4j (pid {pid}) did not answer on {self.settings.neo4j_uri} in time; "
                    "see `upg db logs`"
                )
            time.sleep(0.25)

    def _died_message(self) -> str:
        parts = ["Neo4j exited during start-up"]
        for path in (self.layout.neo4j_log, self.layout.console_log):
            lines = tail(path, 20)
            if lines:
                parts.append(f"--- last lines of {path}:\n" + "\n".join(lines))
        return "\n".join(parts)

    def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> StopReport | None:
        """SIGTERM the server and wait for a clean shutdown (SIGKILL after timeout_s)."""
        if self.settings.uri_is_external:
            raise LocalDbError("UPG_NEO4J_URI is set: upg does not stop an external Neo4j")
        pid = self.running_pid()
        if pid is None:
            return None
        began = time.monotonic()
        killed = terminate(pid, timeout_s)
        self.layout.pid_file.unlink(missing_ok=True)
        return StopReport(pid, killed, time.monotonic() - began)

    def status(self) -> DbStatus:
        pid = self.running_pid()
        return DbStatus(
            running=pid is not None,
            pid=pid,
            version=http_version(self.settings.http_port) if pid is not None else None,
            bolt_uri=self.settings.neo4j_uri,
            http_url=browser_url(self.settings),
            home=self.layout.home,
        )

    def log_file(self, *, debug: bool = False) -> Path:
        return self.layout.debug_log if debug else self.layout.neo4j_log
