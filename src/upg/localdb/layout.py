"""Where things are: the checkout's `neo4j/` folder (Maven descriptor, conf template) and the
folders of one server home."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from upg.errors import LocalDbError

PID_FILE = "upg-neo4j.pid"


def neo4j_dir() -> Path:
    """`neo4j/` of the checkout: the Maven descriptor and the conf template."""
    candidate = Path(__file__).resolve().parents[3] / "neo4j"
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

    @property
    def auth_ini(self) -> Path:
        """The initial credentials neo4j-admin writes; the server reads them on first start."""
        return self.data / "dbms" / "auth.ini"

    def first_start(self) -> bool:
        """True until the server has created its system database."""
        return not (self.data / "databases" / "system").exists()

    def env(self) -> dict[str, str]:
        """The variables Neo4j's tools read to find this home."""
        return {"NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf)}
