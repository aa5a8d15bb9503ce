"""One way for a CLI command to fail: a line on stderr and exit 1 (threshold) or 2 (error)."""

from __future__ import annotations

import sys

import click
import pytest
from click.testing import CliRunner

from upg.cli import main as main_module
from upg.cli.errors import EXIT_ERROR, EXIT_THRESHOLD, ThresholdCrossed, UpgGroup
from upg.errors import NotFound


@click.group(cls=UpgGroup)
def group() -> None:
    """A group like every upg group."""


@group.command()
def missing() -> None:
    raise NotFound("no product titled 'Nope'")


@group.command()
def crossed() -> None:
    raise ThresholdCrossed("6 vanity milestone(s) found (--fail-on-vanity)")


def test_an_upg_error_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(group, ["missing"])
    assert result.exit_code == EXIT_ERROR == 2
    assert result.stderr == "upg: error: no product titled 'Nope'\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_threshold_crossed_is_one_line_and_exit_1() -> None:
    result = CliRunner().invoke(group, ["crossed"])
    assert result.exit_code == EXIT_THRESHOLD == 1
    assert result.stderr == "upg: 6 vanity milestone(s) found (--fail-on-vanity)\n"


@pytest.mark.parametrize(
    ("args", "code", "stderr_start"),
    [
        (["missing"], 2, "upg: error: no product titled 'Nope'"),
        (["crossed"], 1, "upg: 6 vanity milestone(s)"),
        (["--bogus"], 2, "Usage:"),
    ],
)
def test_the_console_script_keeps_the_codes(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    stderr_start: str,
) -> None:
    monkeypatch.setattr(main_module, "cli", group)
    monkeypatch.setattr(sys, "argv", ["upg", *args])
    with pytest.raises(SystemExit) as exited:
        main_module.main()
    assert exited.value.code == code
    assert capsys.readouterr().err.startswith(stderr_start)
