"""localdb helpers that need no server: Java selection, conf rendering, pids, ports, jars."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from upg.config import Settings, load_settings
from upg.errors import LocalDbError
from upg.localdb import (
    Layout,
    LocalNeo4j,
    find_java,
    launch_command,
    neo4j_dir,
    pid_alive,
    pom_version,
    port_in_use,
    release_major,
    render_conf,
    tail,
)


def _jdk(root: Path, name: str, version: str | None, *, prints: str | None = None) -> Path:
    """A fake JDK home: a `release` file (if version) and an executable bin/java."""
    home = root / name
    (home / "bin").mkdir(parents=True)
    if version is not None:
        (home / "release").write_text(f'IMPLEMENTOR="Test"\nJAVA_VERSION="{version}"\n')
    java = home / "bin" / "java"
    java.write_text(f"#!/bin/sh\necho 'openjdk version \"{prints or version}\"' >&2\n")
    java.chmod(0o755)
    return home


def _settings(**env: str) -> Settings:
    return load_settings(env)


def _no_java(_: str) -> str | None:
    return None


def test_release_major_reads_java_version(tmp_path: Path) -> None:
    assert release_major(_jdk(tmp_path, "a", "17.0.15")) == 17
    assert release_major(_jdk(tmp_path, "b", "1.8.0_412")) == 8
    assert release_major(_jdk(tmp_path, "c", "21")) == 21
    assert release_major(_jdk(tmp_path, "d", None)) is None


def test_upg_java_home_wins(tmp_path: Path) -> None:
    chosen = _jdk(tmp_path, "custom", "21.0.4")
    _jdk(tmp_path / "jvm", "java-17-openjdk-amd64", "17.0.15")
    settings = _settings(UPG_JAVA_HOME=str(chosen))
    java = find_java(settings, jvm_root=tmp_path / "jvm", which=_no_java)
    assert java == chosen / "bin" / "java"


def test_upg_java_home_of_wrong_version_is_refused(tmp_path: Path) -> None:
    home = _jdk(tmp_path, "temurin-25", "25.0.3")
    with pytest.raises(LocalDbError, match=r"UPG_JAVA_HOME=.* is Java 25; Neo4j 5.26 needs"):
        find_java(_settings(UPG_JAVA_HOME=str(home)), jvm_root=tmp_path, which=_no_java)


def test_upg_java_home_without_java_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LocalDbError, match="has no bin/java"):
        find_java(_settings(UPG_JAVA_HOME=str(tmp_path)), jvm_root=tmp_path, which=_no_java)


def test_java_home_of_wrong_version_is_passed_over(tmp_path: Path) -> None:
    newer = _jdk(tmp_path, "elsewhere/temurin-25-jdk-amd64", "25.0.3")
    jvm = tmp_path / "jvm"
    _jdk(jvm, "temurin-25-jdk-amd64", "25.0.3")
    seventeen = _jdk(jvm, "java-17-openjdk-amd64", "17.0.15")
    _jdk(jvm, "openjdk-17-empty", None).joinpath("bin", "java").unlink()
    java = find_java(_settings(JAVA_HOME=str(newer)), jvm_root=jvm, which=_no_java)
    assert java == seventeen / "bin" / "java"


def test_java_home_of_supported_version_is_used(tmp_path: Path) -> None:
    home = _jdk(tmp_path, "jdk21", "21.0.2")
    java = find_java(_settings(JAVA_HOME=str(home)), jvm_root=tmp_path / "none", which=_no_java)
    assert java == home / "bin" / "java"


def test_java_on_path_is_checked_by_running_it(tmp_path: Path) -> None:
    good = _jdk(tmp_path, "path21", None, prints="21.0.2") / "bin" / "java"
    bad = _jdk(tmp_path, "path25", None, prints="25.0.1") / "bin" / "java"
    empty = tmp_path / "no-jvm"
    assert find_java(_settings(), jvm_root=empty, which=lambda _: str(good)) == good
    with pytest.raises(LocalDbError, match="Java 17 or 21 is required; install openjdk-17"):
        find_java(_settings(), jvm_root=empty, which=lambda _: str(bad))


def test_conf_renders_every_placeholder(tmp_path: Path) -> None:
    settings = _settings(
        UPG_HOME=str(tmp_path),
        UPG_NEO4J_BOLT_PORT="17001",
        UPG_NEO4J_HTTP_PORT="17002",
        UPG_NEO4J_HEAP="1g",
        UPG_HOST="10.0.0.5",
    )
    layout = Layout(tmp_path / "neo4j")
    template = (neo4j_dir() / "neo4j.conf.template").read_text()
    conf = render_conf(settings, layout, tmp_path / "lib", template)
    lines = {line for line in conf.splitlines() if line and not line.startswith("#")}
    assert "$" not in "".join(lines)
    assert "server.bolt.listen_address=127.0.0.1:17001" in lines
    assert "server.http.listen_address=127.0.0.1:17002" in lines
    assert "server.memory.heap.max_size=1g" in lines
    assert f"server.directories.data={tmp_path / 'neo4j' / 'data'}" in lines
    assert "browser.remote_content_hostname_whitelist=localhost,127.0.0.1,10.0.0.5" in lines
    assert "dbms.security.auth_enabled=true" in lines
    assert "dbms.security.http_access_control_allow_origin=http://localhost:17002" in lines


def test_launch_command_runs_the_community_server(tmp_path: Path) -> None:
    settings = _settings(UPG_NEO4J_HEAP="768m")
    layout = Layout(tmp_path)
    command = launch_command(Path("/jdk/bin/java"), settings, layout, tmp_path / "lib")
    assert command[0] == "/jdk/bin/java"
    assert {"-Xms768m", "-Xmx768m"} <= set(command)
    assert command[command.index("-cp") + 1] == f"{tmp_path / 'lib'}/*"
    assert command[-3:] == [
        "org.neo4j.server.CommunityEntryPoint",
        f"--home-dir={tmp_path}",
        f"--config-dir={tmp_path / 'conf'}",
    ]


def test_pom_names_a_5_26_release() -> None:
    assert pom_version(neo4j_dir() / "pom.xml").startswith("5.26.")


def test_pom_without_the_property_is_an_error(tmp_path: Path) -> None:
    pom = tmp_path / "pom.xml"
    pom.write_text("<project/>")
    with pytest.raises(LocalDbError, match=r"neo4j\.version"):
        pom_version(pom)


def test_half_downloaded_jars_do_not_count(tmp_path: Path) -> None:
    local = LocalNeo4j(_settings(UPG_HOME=str(tmp_path)))
    local.lib.mkdir(parents=True)
    (local.lib / "neo4j-kernel.jar").write_bytes(b"x")
    assert not local.installed()
    (local.lib / ".upg-complete").write_text(local.version + "\n")
    assert local.installed()
    assert local.jar_summary() == (1, 1)


def test_shared_lib_root(tmp_path: Path) -> None:
    local = LocalNeo4j(_settings(UPG_HOME=str(tmp_path / "home")), lib_root=tmp_path / "shared")
    assert local.lib == tmp_path / "shared" / f"neo4j-{local.version}"
    assert local.layout.home == tmp_path / "home" / "neo4j"


def test_stale_pid_file_is_removed(tmp_path: Path) -> None:
    local = LocalNeo4j(_settings(UPG_HOME=str(tmp_path)))
    local.layout.run.mkdir(parents=True)
    local.layout.pid_file.write_text("999999999\n")
    assert local.running_pid() is None
    assert not local.layout.pid_file.exists()
    status = local.status()
    assert not status.running and status.version is None


def test_a_live_pid_of_another_program_is_not_ours(tmp_path: Path) -> None:
    local = LocalNeo4j(_settings(UPG_HOME=str(tmp_path)))
    local.layout.run.mkdir(parents=True)
    local.layout.pid_file.write_text(f"{os.getpid()}\n")
    assert pid_alive(os.getpid())
    assert local.running_pid() is None


def test_stop_when_not_running_reports_nothing(tmp_path: Path) -> None:
    assert LocalNeo4j(_settings(UPG_HOME=str(tmp_path))).stop() is None


def test_external_server_is_not_managed(tmp_path: Path) -> None:
    local = LocalNeo4j(_settings(UPG_HOME=str(tmp_path), UPG_NEO4J_URI="bolt://db:7687"))
    with pytest.raises(LocalDbError, match="does not start an external Neo4j"):
        local.start()
    with pytest.raises(LocalDbError, match="does not stop an external Neo4j"):
        local.stop()


def test_port_in_use_sees_a_listener() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert port_in_use(port)


def test_port_in_use_is_false_for_a_free_port() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert not port_in_use(port)


def test_tail(tmp_path: Path) -> None:
    log = tmp_path / "neo4j.log"
    log.write_text("".join(f"line {i}\n" for i in range(100)))
    assert tail(log, 3) == ["line 97", "line 98", "line 99"]
    assert tail(tmp_path / "missing.log", 3) == []
