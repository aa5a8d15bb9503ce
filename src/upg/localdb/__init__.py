"""Provisioning and running the local Neo4j (Community, from Maven Central, no Docker).

- `jars`: `mvn` resolves `neo4j/pom.xml` into `<lib root>/neo4j-<version>/`, once. The lib
  root defaults to `<UPG_HOME>/lib`; several homes may share one (the test server reuses the
  developer's jars).
- `layout`: the server home `<UPG_HOME>/neo4j/` with conf, data, logs, run (pid file), plugins,
  import; `config` renders conf from `neo4j/neo4j.conf.template` on every start.
- `java`: a Java 17 or 21, chosen explicitly; `process`: the detached JVM and its pid file.
- `server`: `LocalNeo4j`, which ties them together.

Nothing here knows click: the CLI and the test fixture call `LocalNeo4j` and print its reports.
"""

from upg.localdb.config import browser_url, render_conf
from upg.localdb.java import SUPPORTED_JAVA, binary_major, find_java, release_major
from upg.localdb.layout import Layout, neo4j_dir, pom_version
from upg.localdb.process import launch_command, pid_alive, port_in_use, tail
from upg.localdb.server import (
    START_TIMEOUT_S,
    STOP_TIMEOUT_S,
    DbStatus,
    LocalNeo4j,
    Progress,
    StartReport,
    StopReport,
)

__all__ = [
    "START_TIMEOUT_S",
    "STOP_TIMEOUT_S",
    "SUPPORTED_JAVA",
    "DbStatus",
    "Layout",
    "LocalNeo4j",
    "Progress",
    "StartReport",
    "StopReport",
    "binary_major",
    "browser_url",
    "find_java",
    "launch_command",
    "neo4j_dir",
    "pid_alive",
    "pom_version",
    "port_in_use",
    "release_major",
    "render_conf",
    "tail",
]
