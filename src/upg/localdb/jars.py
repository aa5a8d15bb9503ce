"""Neo4j's jars from Maven Central: `mvn` resolves `neo4j/pom.xml` into one folder, once.

A marker file written last means a half-finished download is redone.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from upg.errors import LocalDbError
from upg.localdb.layout import neo4j_dir

COMPLETE = ".upg-complete"


def installed(lib: Path, version: str) -> bool:
    """True when `lib` holds the complete jars of `version`."""
    marker = lib / COMPLETE
    return marker.is_file() and marker.read_text(encoding="utf-8").strip() == version


def download(lib: Path, version: str) -> None:
    """Resolve the Maven descriptor into `lib` (replacing what is there)."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalDbError("Maven is required to download Neo4j's jars: apt-get install maven")
    partial = lib.with_name(lib.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
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
            f"mvn could not download Neo4j's jars (exit {done.returncode}):\n" + "\n".join(output)
        )
    (partial / COMPLETE).write_text(version + "\n", encoding="utf-8")
    shutil.rmtree(lib, ignore_errors=True)
    partial.rename(lib)


def jar_summary(lib: Path) -> tuple[int, int]:
    """(number of jars, total bytes) in the jar folder."""
    jars = list(lib.glob("*.jar"))
    return len(jars), sum(jar.stat().st_size for jar in jars)
