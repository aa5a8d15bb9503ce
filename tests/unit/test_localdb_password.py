"""The local Neo4j's password: generated on first start, kept in UPG_HOME (0600), read by every
command; UPG_NEO4J_PASSWORD wins; homes older than the file keep the old default."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from upg.cli.db import db
from upg.config import DEFAULT_PASSWORD, load_settings
from upg.errors import Invalid
from upg.localdb import LocalNeo4j
from upg.localdb.password import write_password_file


def _fake_java(tmp_path: Path) -> Path:
    """A `java` that accepts anything (neo4j-admin's part is tested in test_localdb_admin)."""
    java = tmp_path / "jdk" / "bin" / "java"
    java.parent.mkdir(parents=True, exist_ok=True)
    java.write_text("#!/bin/sh\nexit 0\n")
    java.chmod(0o755)
    return java


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _first_start(home: Path, tmp_path: Path, **env: str) -> LocalNeo4j:
    local = LocalNeo4j(load_settings({"UPG_HOME": str(home), **env}))
    assert local.configure(_fake_java(tmp_path))
    return local


def test_first_start_generates_a_private_password_that_commands_read(tmp_path: Path) -> None:
    home = tmp_path / "home"
    local = _first_start(home, tmp_path)

    kept = home / "neo4j-password"
    password = kept.read_text().strip()
    assert _mode(kept) == 0o600
    assert len(password) >= 32 and password != DEFAULT_PASSWORD
    assert local.settings.neo4j_password == password
    assert load_settings({"UPG_HOME": str(home)}).neo4j_password == password
    assert [p.name for p in home.iterdir() if p.name.startswith(".")] == []


def test_every_home_gets_its_own_password(tmp_path: Path) -> None:
    one = _first_start(tmp_path / "one", tmp_path).settings.neo4j_password
    two = _first_start(tmp_path / "two", tmp_path).settings.neo4j_password
    assert one != two


def test_environment_password_wins_and_is_not_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    local = _first_start(home, tmp_path, UPG_NEO4J_PASSWORD="chosen-by-me-1")
    assert local.settings.neo4j_password == "chosen-by-me-1"
    assert not (home / "neo4j-password").exists()

    write_password_file(home, "kept-in-the-file-1")
    settings = load_settings({"UPG_HOME": str(home), "UPG_NEO4J_PASSWORD": "chosen-by-me-1"})
    assert settings.neo4j_password == "chosen-by-me-1"


def test_a_kept_password_is_reused_when_the_data_is_gone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_password_file(home, "kept-from-before-1")
    local = _first_start(home, tmp_path)
    assert local.settings.neo4j_password == "kept-from-before-1"
    assert (home / "neo4j-password").read_text() == "kept-from-before-1\n"


def test_a_home_older_than_the_password_file_keeps_the_old_default(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "neo4j" / "data" / "databases" / "system").mkdir(parents=True)
    local = LocalNeo4j(load_settings({"UPG_HOME": str(home)}))
    assert not local.configure(_fake_java(tmp_path))
    assert local.settings.neo4j_password == DEFAULT_PASSWORD
    assert not (home / "neo4j-password").exists()


def test_an_external_neo4j_does_not_read_the_local_file(tmp_path: Path) -> None:
    write_password_file(tmp_path, "for-the-local-server")
    env = {"UPG_HOME": str(tmp_path), "UPG_NEO4J_URI": "bolt://db.example.com:7687"}
    assert load_settings(env).neo4j_password == DEFAULT_PASSWORD


def test_password_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = write_password_file(tmp_path / "home", "first-password")
        assert _mode(path) == 0o600
        write_password_file(tmp_path / "home", "second-password")
    finally:
        os.umask(old)
    assert _mode(path) == 0o600
    assert path.read_text() == "second-password\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["neo4j-password"]


def test_production_refuses_the_file_and_the_old_default(tmp_path: Path) -> None:
    write_password_file(tmp_path, "generated-for-local-1")
    for env in (
        {"UPG_ENV": "production", "UPG_HOME": str(tmp_path)},
        {"UPG_ENV": "production", "UPG_NEO4J_PASSWORD": DEFAULT_PASSWORD},
    ):
        with pytest.raises(Invalid) as caught:
            load_settings(env)
        assert caught.value.field == "UPG_NEO4J_PASSWORD"


def test_credentials_prints_the_browser_login(tmp_path: Path) -> None:
    write_password_file(tmp_path, "generated-for-local-1")
    env = {"UPG_HOME": str(tmp_path), "UPG_NEO4J_HTTP_PORT": "17999", "UPG_NEO4J_PASSWORD": ""}
    result = CliRunner(env=env).invoke(db, ["credentials"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "browser   http://localhost:17999/browser/" in lines
    assert "user      neo4j" in lines
    assert "password  generated-for-local-1" in lines
    assert f"from      {tmp_path / 'neo4j-password'}" in lines
