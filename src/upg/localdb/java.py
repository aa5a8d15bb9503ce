"""Finding a Java that runs Neo4j 5.26 (17 or 21), and reading what a failed JVM printed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from upg.config import Settings
from upg.errors import LocalDbError

SUPPORTED_JAVA = (17, 21)
_JVM_ROOT = Path("/usr/lib/jvm")
_JAVA_MISSING = "Java 17 or 21 is required; install openjdk-17-jre-headless or set UPG_JAVA_HOME"


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


def java_cause(output: str) -> str:
    """The message lines of a Java failure, without its stack frames."""
    lines = [line for line in output.strip().splitlines() if not line.startswith(("\t", "    "))]
    return "\n".join(lines[:5]) or "no output"
