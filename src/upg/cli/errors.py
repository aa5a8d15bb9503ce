"""How a CLI command fails: one line on stderr and a documented exit code, never a traceback.

Commands raise a `CommandError` (usage or connection: exit 2) or `ThresholdCrossed` (a check the
caller asked for failed: exit 1); `UpgGroup` turns any `UpgError` a command lets out into a
`CommandError`. click shows them the same way under `upg` and under a test's CliRunner.
"""

from __future__ import annotations

from typing import IO, Any

import click

from upg.errors import UpgError

EXIT_THRESHOLD = 1
EXIT_ERROR = 2


class CommandError(click.ClickException):
    """A usage or connection problem: `upg: error: <message>` on stderr, exit code 2."""

    exit_code = EXIT_ERROR
    prefix = "upg: error: "

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"{self.prefix}{self.message}", err=True)


class ThresholdCrossed(CommandError):
    """A check asked for failed (--fail-on-*, rejected rows): `upg: <message>`, exit code 1."""

    exit_code = EXIT_THRESHOLD
    prefix = "upg: "


class UpgGroup(click.Group):
    """A command group whose commands fail as CommandError when an UpgError escapes them."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UpgError as exc:
            raise CommandError(exc.message) from None
