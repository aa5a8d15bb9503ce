"""The initial password reaches neo4j-admin through a private @-file, never its command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from upg.config import load_settings
from upg.errors import LocalDbError
from upg.localdb import LocalNeo4j
from upg.localdb.config import admin_argument

PASSWORD = "not-on-the-command-line-42"


def _recording_java(tmp_path: Path) -> Path:
    """A fake `java` that records its arguments, and the mode and text of any @-file named."""
    java = tmp_path / "jdk" / "bin" / "java"
    java.parent.mkdir(parents=True)
    record = tmp_path / "record"
    java.write_text(
        "#!/bin/sh\n"
        f'for a in "$@"; do printf "%s\\n" "$a" >> "{record}/argv"; done\n'
        'for a in "$@"; do case "$a" in @*)\n'
        f'  stat -c %a "${{a#@}}" > "{record}/mode"; cat "${{a#@}}" > "{record}/args";;\n'
        "esac; done\n"
    )
    java.chmod(0o755)
    record.mkdir()
    return java


def test_password_is_not_in_the_admin_command_line(tmp_path: Path) -> None:
    settings = load_settings({"UPG_HOME": str(tmp_path / "home"), "UPG_NEO4J_PASSWORD": PASSWORD})
    local = LocalNeo4j(settings)
    java = _recording_java(tmp_path)

    assert local.configure(java)

    argv = (tmp_path / "record" / "argv").read_text().splitlines()
    assert argv[-3:-1] == ["dbms", "set-initial-password"]
    assert not any(PASSWORD in arg for arg in argv)
    assert argv[-1].startswith("@")
    assert (tmp_path / "record" / "args").read_text() == f'"{PASSWORD}"\n'
    assert (tmp_path / "record" / "mode").read_text().strip() == "600"
    assert not Path(argv[-1][1:]).exists(), "the @-file is removed once neo4j-admin is done"


@pytest.mark.parametrize(
    ("password", "line"),
    [
        ("plain-password", '"plain-password"\n'),
        ('pa ss"w#rd\\x', '"pa ss\\"w#rd\\\\x"\n'),
        ("@not-a-file", '"@@not-a-file"\n'),
    ],
)
def test_admin_argument_quotes_for_picocli(password: str, line: str) -> None:
    assert admin_argument(password) == line


def test_admin_argument_refuses_line_breaks() -> None:
    with pytest.raises(LocalDbError, match="line breaks"):
        admin_argument("two\nlines-password")
