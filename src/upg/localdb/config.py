"""The server's configuration: neo4j.conf from the template, and the initial password."""

from __future__ import annotations

import os
import string
import subprocess
import tempfile
from pathlib import Path

from upg.config import Settings
from upg.errors import LocalDbError
from upg.localdb.java import java_cause
from upg.localdb.layout import Layout, neo4j_dir


def browser_origin(settings: Settings) -> str:
    """The origin Neo4j Browser is served from (the URL `upg db status` prints)."""
    return f"http://localhost:{settings.http_port}"


def browser_url(settings: Settings) -> str:
    """Where Neo4j Browser is."""
    return f"{browser_origin(settings)}/browser/"


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
        browser_origin=browser_origin(settings),
        lib=lib,
        data=layout.data,
        logs=layout.logs,
        run=layout.run,
        plugins=layout.plugins,
        import_dir=layout.import_dir,
    )


def write_conf(settings: Settings, layout: Layout, lib: Path) -> None:
    """Create the home's folders and write conf/neo4j.conf (on every start)."""
    for folder in (
        layout.conf,
        layout.data,
        layout.logs,
        layout.run,
        layout.plugins,
        layout.import_dir,
    ):
        folder.mkdir(parents=True, exist_ok=True)
    template = (neo4j_dir() / "neo4j.conf.template").read_text(encoding="utf-8")
    conf = render_conf(settings, layout, lib, template)
    (layout.conf / "neo4j.conf").write_text(conf, encoding="utf-8")


def admin_argument(value: str) -> str:
    """One argument as a line of a picocli @-file (neo4j-admin reads its arguments from one).

    Quoted, with backslash and quote escaped; a leading `@` is doubled so picocli does not read
    the value as the name of yet another @-file.
    """
    if any(char in value for char in "\r\n\0"):
        raise LocalDbError("the Neo4j password must not contain line breaks or NUL characters")
    if value.startswith("@"):
        value = "@" + value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"\n'


def set_initial_password(java: Path, lib: Path, layout: Layout, password: str) -> None:
    """Run `neo4j-admin dbms set-initial-password` (before the first start only).

    The password goes through a private @-file, never the command line, which any local user
    can read (`ps`, /proc/<pid>/cmdline).
    """
    layout.run.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="admin-", suffix=".args", dir=layout.run)
    args_file = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(admin_argument(password))
        command = [
            str(java),
            "-cp",
            f"{lib}/*",
            "org.neo4j.cli.AdminTool",
            "dbms",
            "set-initial-password",
            f"@{args_file}",
        ]
        done = subprocess.run(
            command, env={**os.environ, **layout.env()}, capture_output=True, text=True, check=False
        )
    finally:
        args_file.unlink(missing_ok=True)
    if done.returncode != 0:
        raise LocalDbError(
            f"neo4j-admin could not set the initial password (exit {done.returncode}): "
            + java_cause(done.stdout + done.stderr)
        )
