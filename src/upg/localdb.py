"""Provisioning and running the local Neo4j (Community, from Maven Central, no Docker).

- jars: `mvn` resolves `neo4j/pom.xml` into `<lib root>/neo4j-<version>/`, once; a marker file
  written last means a half-finished download is redone. The lib root defaults to
  `<UPG_HOME>/lib`; several homes may share one (the test server reuses the developer's jars).
- server home: `<UPG_HOME>/neo4j/` with conf (rendered from `neo4j/neo4j.conf.template` on every
  start), data, logs, run (pid file), plugins, import.
- process: a detached JVM (Java 17 or 21, chosen explicitly) whose pid is kept in the pid file.

Nothing here knows click: the CLI and the test fixture call `LocalNeo4j` and print its reports.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import string
import subprocess
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from upg.config import Settings
from upg.errors import LocalDbError

SUPPORTED_JAVA = (17, 21)
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0
PID_FILE = "upg-neo4j.pid"
_COMPLETE = ".upg-complete"
_JVM_ROOT = Path("/usr/lib/jvm")
_JAVA_MISSING = "Java 17 or 21 is required; install openjdk-17-jre-headless or set UPG_JAVA_HOME"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# --- the checkout's neo4j/ folder ------------------------------------------------------------


def neo4j_dir() -> Path:
    """`neo4j/` of the checkout: the Maven descriptor and the conf template."""
    candidate = Path(__file__).resolve().parents[2] / "neo4j"
    if (candidate / "pom.xml").is_file():
        return candidate
    raise LocalDbError(
        "cannot find neo4j/pom.xml: upg runs a local Neo4j only from a source checkout "
        "(set UPG_NEO4J_URI to use another Neo4j)"
    )


def pom_version(pom: Path, prop: str = "neo4j.version") -> str:
    """A version property of the Maven descriptor (`<neo4j.version>5.26.30</neo4j.version>`)."""
    name = re.escape(prop)
    match = re.search(rf"<{name}>\s*([^<\s]+)\s*</{name}>", pom.read_text(encoding="utf-8"))
    if match is None:
        raise LocalDbError(f"{pom} names no <{prop}>")
    return match.group(1)


# --- Java ------------------------------------------------------------------------------------


def _major(version: str) -> int | None:
    """17 from "17.0.15", 8 from "1.8.0_412"."""
    match = re.match(r"(\d+)(?:\.(\d+))?", version)
    if match is None:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):
        return int(match.group(2))
    return major


def release_major(java_home: Path) -> int | None:
    """Major version from a JDK's `release` file (`JAVA_VERSION="17.0.15"`), if it has one."""
    try:
        text = (java_home / "release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r'^JAVA_VERSION="?([0-9._]+)', text, re.MULTILINE)
    return _major(match.group(1)) if match else None


def binary_major(java: Path) -> int | None:
    """Major version printed by `java -version`."""
    try:
        done = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "([0-9._]+)', done.stderr + done.stdout)
    return _major(match.group(1)) if match else None


def _java_in(home: Path) -> Path | None:
    java = home / "bin" / "java"
    return java if java.is_file() and os.access(java, os.X_OK) else None


def _home_major(home: Path, java: Path) -> int | None:
    return release_major(home) or binary_major(java)


def find_java(
    settings: Settings,
    *,
    jvm_root: Path = _JVM_ROOT,
    which: Callable[[str], str | None] = shutil.which,
) -> Path:
    """The `java` to run Neo4j 5.26 with: UPG_JAVA_HOME, JAVA_HOME, /usr/lib/jvm, then PATH.

    Only 17 and 21 qualify: Neo4j 5.26 refuses newer JVMs, and a machine may have one installed
    as its default.
    """
    if settings.java_home:
        home = Path(settings.java_home)
        java = _java_in(home)
        if java is None:
            raise LocalDbError(f"UPG_JAVA_HOME={home} has no bin/java")
        major = _home_major(home, java)
        if major not in SUPPORTED_JAVA:
            raise LocalDbError(
                f"UPG_JAVA_HOME={home} is Java {major or 'of unknown version'}; "
                "Neo4j 5.26 needs Java 17 or 21"
            )
        return java
    if settings.system_java_home:
        home = Path(settings.system_java_home)
        java = _java_in(home)
        if java is not None and release_major(home) in SUPPORTED_JAVA:
            return java
    seen: set[Path] = set()
    for wanted in SUPPORTED_JAVA:
        for home in sorted(jvm_root.glob(f"*{wanted}*")):
            java = _java_in(home)
            if java is None or java.resolve() in seen:
                continue
            seen.add(java.resolve())
            if _home_major(home, java) in SUPPORTED_JAVA:
                return java
    on_path = which("java")
    if on_path and binary_major(Path(on_path)) in SUPPORTED_JAVA:
        return Path(on_path)
    raise LocalDbError(_JAVA_MISSING)


# --- layout and configuration ----------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Where one local server keeps its files (NEO4J_HOME = `home`)."""

    home: Path

    @property
    def conf(self) -> Path:
        return self.home / "conf"

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def run(self) -> Path:
        return self.home / "run"

    @property
    def plugins(self) -> Path:
        return self.home / "plugins"

    @property
    def import_dir(self) -> Path:
        return self.home / "import"

    @property
    def pid_file(self) -> Path:
        return self.run / PID_FILE

    @property
    def console_log(self) -> Path:
        return self.logs / "console.log"

    @property
    def neo4j_log(self) -> Path:
        return self.logs / "neo4j.log"

    @property
    def debug_log(self) -> Path:
        return self.logs / "debug.log"

    def first_start(self) -> bool:
        """True until the server has created its system database."""
        return not (self.data / "databases" / "system").exists()


def render_conf(settings: Settings, layout: Layout, lib: Path, template: str) -> str:
    """neo4j.conf from the template and the settings."""
    hosts = ["localhost", "127.0.0.1"]
    if settings.host not in {*hosts, "0.0.0.0", "::", ""}:
        hosts.append(settings.host)
    return string.Template(template).substitute(
        bolt_port=settings.bolt_port,
        http_port=settings.http_port,
        heap=settings.heap,
        pagecache=settings.pagecache,
        database=settings.neo4j_database,
        allowlist=",".join(hosts),
        lib=lib,
        data=layout.data,
        logs=layout.logs,
        run=layout.run,
        plugins=layout.plugins,
        import_dir=layout.import_dir,
    )


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


# --- processes and ports ---------------------------------------------------------------------


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


def _is_our_server(pid: int, layout: Layout) -> bool:
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


def _accepts(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def _java_cause(output: str) -> str:
    """The message lines of a Java failure, without its stack frames."""
    lines = [line for line in output.strip().splitlines() if not line.startswith(("\t", "    "))]
    return "\n".join(lines[:5]) or "no output"


def tail(path: Path, lines: int) -> list[str]:
    """The last lines of a text file (none if it does not exist)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in deque(handle, maxlen=lines)]
    except OSError:
        return []


# --- the server ------------------------------------------------------------------------------


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
    """One local Neo4j server: `<UPG_HOME>/neo4j`, ports from the settings."""

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
        marker = self.lib / _COMPLETE
        return marker.is_file() and marker.read_text(encoding="utf-8").strip() == self.version

    def install(self) -> bool:
        """Download Neo4j's jars unless present; True when it downloaded."""
        if self.installed():
            return False
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalDbError("Maven is required to download Neo4j's jars: apt-get install maven")
        lib = self.lib
        partial = lib.with_name(lib.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        self._progress(f"Downloading Neo4j {self.version} from Maven Central into {lib} (once)")
        command = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(neo4j_dir() / "pom.xml"),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={partial}",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        jars = list(partial.glob("*.jar"))
        if done.returncode != 0 or not jars:
            output = (done.stdout + done.stderr).strip().splitlines()[-15:]
            raise LocalDbError(
                f"mvn could not download Neo4j's jars (exit {done.returncode}):\n"
                + "\n".join(output)
            )
        (partial / _COMPLETE).write_text(self.version + "\n", encoding="utf-8")
        shutil.rmtree(lib, ignore_errors=True)
        partial.rename(lib)
        return True

    def jar_summary(self) -> tuple[int, int]:
        """(number of jars, total bytes) in the jar folder."""
        jars = list(self.lib.glob("*.jar"))
        return len(jars), sum(jar.stat().st_size for jar in jars)

    # configuration

    def configure(self, java: Path) -> bool:
        """Write neo4j.conf and, before the first start, the initial password; True if set."""
        layout = self.layout
        for folder in (layout.conf, layout.data, layout.logs, layout.run, layout.plugins):
            folder.mkdir(parents=True, exist_ok=True)
        layout.import_dir.mkdir(parents=True, exist_ok=True)
        template = (neo4j_dir() / "neo4j.conf.template").read_text(encoding="utf-8")
        conf = render_conf(self.settings, layout, self.lib, template)
        (layout.conf / "neo4j.conf").write_text(conf, encoding="utf-8")
        if not layout.first_start() or (layout.data / "dbms" / "auth.ini").exists():
            return False
        command = [
            str(java),
            "-cp",
            f"{self.lib}/*",
            "org.neo4j.cli.AdminTool",
            "dbms",
            "set-initial-password",
            self.settings.neo4j_password,
        ]
        done = subprocess.run(command, env=self._env(), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise LocalDbError(
                f"neo4j-admin could not set the initial password (exit {done.returncode}): "
                + _java_cause(done.stdout + done.stderr)
            )
        self._progress(f"Set the initial password of user {self.settings.neo4j_user}")
        return True

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "NEO4J_HOME": str(self.layout.home),
            "NEO4J_CONF": str(self.layout.conf),
        }

    # process

    def running_pid(self) -> int | None:
        """The pid of this home's server while it runs; a stale pid file is removed."""
        try:
            pid = int(self.layout.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if pid_alive(pid) and _is_our_server(pid, self.layout):
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
        pid = self._launch(java)
        self._progress(f"Started Neo4j {self.version} (pid {pid}), waiting for Bolt")
        self._wait_for_bolt(pid, mark + timeout_s)
        timings["start"] = time.monotonic() - mark
        return StartReport(pid, False, downloaded, password_set, timings)

    def _launch(self, java: Path) -> int:
        layout = self.layout
        command = launch_command(java, self.settings, layout, self.lib)
        with layout.console_log.open("a", encoding="utf-8") as console:
            console.write(f"\n--- upg db start {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        # sh backgrounds the JVM and exits, so the server is nobody's child: it outlives the
        # command that started it and never lingers as a zombie of a long-lived parent (pytest).
        script = '"$@" </dev/null >>"$UPG_CONSOLE_LOG" 2>&1 &\necho $!'
        done = subprocess.run(
            ["/bin/sh", "-c", script, "upg-neo4j", *command],
            env={**self._env(), "UPG_CONSOLE_LOG": str(layout.console_log)},
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

    def _wait_for_bolt(self, pid: int, deadline: float) -> None:
        while True:
            if not pid_alive(pid):
                self.layout.pid_file.unlink(missing_ok=True)
                raise LocalDbError(self._died_message())
            if _accepts(self.settings.bolt_port) and self._bolt_ready():
                return
            if time.monotonic() > deadline:
                raise LocalDbError(
                    f"Neo4j (pid {pid}) did not answer on {self.settings.neo4j_uri} in time; "
                    "see `upg db logs`"
                )
            time.sleep(0.25)

    def _bolt_ready(self) -> bool:
        settings = self.settings
        with GraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            connection_timeout=2.0,
            connection_acquisition_timeout=5.0,
            max_transaction_retry_time=0.0,
            notifications_min_severity="OFF",
        ) as driver:
            try:
                driver.execute_query("RETURN 1", database_=settings.neo4j_database)
            except neo4j_errors.AuthError as exc:
                raise LocalDbError(
                    "the local Neo4j refused the password: it was set on first start from "
                    "UPG_NEO4J_PASSWORD; restore that value, or stop the server and delete "
                    f"{self.layout.data} to start afresh"
                ) from exc
            except (
                neo4j_errors.ServiceUnavailable,
                neo4j_errors.SessionExpired,
                neo4j_errors.TransientError,
                OSError,
            ):
                return False
            except neo4j_errors.ClientError as exc:
                if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                    raise LocalDbError(
                        f"the local Neo4j has no database {settings.neo4j_database!r} "
                        "(UPG_NEO4J_DATABASE is fixed when the data folder is created)"
                    ) from exc
                raise
        return True

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
        self.layout.pid_file.unlink(missing_ok=True)
        return StopReport(pid, killed, time.monotonic() - began)

    def status(self) -> DbStatus:
        pid = self.running_pid()
        return DbStatus(
            running=pid is not None,
            pid=pid,
            version=self._http_version() if pid is not None else None,
            bolt_uri=self.settings.neo4j_uri,
            http_url=f"http://localhost:{self.settings.http_port}/browser/",
            home=self.layout.home,
        )

    def _http_version(self) -> str | None:
        url = f"http://127.0.0.1:{self.settings.http_port}/"
        try:
            with urllib.request.urlopen(url, timeout=2.0) as response:
                version = json.load(response).get("neo4j_version")
        except (OSError, urllib.error.URLError, ValueError):
            return None
        return str(version) if version else None

    def log_file(self, *, debug: bool = False) -> Path:
        return self.layout.debug_log if debug else self.layout.neo4j_log
