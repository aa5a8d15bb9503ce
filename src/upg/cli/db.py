"""`upg db`: the local Neo4j (install, start, stop, status, logs, credentials) and migrations."""

from __future__ import annotations

import time
from pathlib import Path

import click

from upg.bootstrap import Upg, run
from upg.cli.errors import ThresholdCrossed, UpgGroup
from upg.config import Settings, load_settings
from upg.errors import Unavailable
from upg.graph.errors import translating
from upg.graph.migrations import migrate as apply_migrations
from upg.graph.milestone_class import MilestoneClassRepository
from upg.localdb import LocalNeo4j, browser_url, tail
from upg.localdb.backup import backup as dump_database
from upg.localdb.backup import restore as load_database
from upg.localdb.password import password_source
from upg.services.integrity import VerifyReport
from upg.services.integrity import verify as verify_classes

_EXTERNAL = "UPG_NEO4J_URI is set ({uri}): upg does not {verb} a Neo4j it does not manage."


def _echo(message: str) -> None:
    click.echo(message)


def _local(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j(settings, progress=_echo)


def _migrate(settings: Settings) -> list[str]:
    return run(lambda upg: apply_migrations(upg.driver, upg.database, upg.tx_timeout_s), settings)


def _report_migrations(applied: list[str], seconds: float) -> None:
    if applied:
        click.echo(f"Migrations applied in {seconds:.1f} s: {', '.join(applied)}")
    else:
        click.echo("Migrations: up to date")


def _size(num_bytes: int) -> str:
    return f"{num_bytes / 1_000_000:.0f} MB"


@click.group(cls=UpgGroup)
def db() -> None:
    """The local Neo4j (jars from Maven Central, files under UPG_HOME) and migrations."""


@db.command()
def install() -> None:
    """Download Neo4j's jars (once; later runs reuse them)."""
    local = _local(load_settings())
    began = time.monotonic()
    downloaded = local.install()
    count, size = local.jar_summary()
    verb = f"downloaded in {time.monotonic() - began:.1f} s" if downloaded else "already present"
    click.echo(f"Neo4j {local.version}: {count} jars ({_size(size)}) in {local.lib}, {verb}")


@db.command()
def start() -> None:
    """Start the local Neo4j (installing it first if needed), then apply migrations."""
    settings = load_settings()
    began = time.monotonic()
    if settings.uri_is_external:
        click.echo(_EXTERNAL.format(uri=settings.neo4j_uri, verb="start"))
    else:
        local = _local(settings)
        report = local.start()
        # A first start generates the password: migrate with the settings that carry it.
        settings = local.settings
        state = "already running" if report.already_running else "up"
        click.echo(
            f"Neo4j is {state} (pid {report.pid}): {settings.neo4j_uri}, "
            f"Browser at {browser_url(settings)} "
            "(`upg db credentials` prints the login)"
        )
    mark = time.monotonic()
    applied = _migrate(settings)
    migrate_s = time.monotonic() - mark
    _report_migrations(applied, migrate_s)
    if not settings.uri_is_external:
        phases = ", ".join(f"{name} {secs:.1f} s" for name, secs in report.timings.items())
        click.echo(
            f"Timings: {phases}, migrate {migrate_s:.1f} s, total {mark - began + migrate_s:.1f} s"
        )


@db.command()
def stop() -> None:
    """Stop the local Neo4j (clean shutdown; data is kept)."""
    settings = load_settings()
    if settings.uri_is_external:
        click.echo(_EXTERNAL.format(uri=settings.neo4j_uri, verb="stop"))
        return
    report = _local(settings).stop()
    if report is None:
        click.echo("Neo4j is not running")
    elif report.killed:
        click.echo(f"Neo4j (pid {report.pid}) ignored SIGTERM and was killed")
    else:
        click.echo(f"Neo4j (pid {report.pid}) stopped in {report.seconds:.1f} s")


@db.command()
def status() -> None:
    """Whether the Neo4j is running, and where."""
    settings = load_settings()
    if settings.uri_is_external:
        version = run(_server_agent, settings)
        click.echo(f"external Neo4j: {settings.neo4j_uri} answers ({version})")
        return
    state = _local(settings).status()
    rows = [
        ("state", "running" if state.running else "stopped"),
        ("pid", str(state.pid) if state.pid else "-"),
        ("version", state.version or "-"),
        ("bolt", state.bolt_uri),
        ("browser", state.http_url),
        ("home", str(state.home)),
    ]
    for name, value in rows:
        click.echo(f"{name:<8} {value}")


@db.command()
def credentials() -> None:
    """Print where to open Neo4j Browser and the user and password to log in with."""
    settings = load_settings()
    rows = [
        ("connect", settings.neo4j_uri),
        ("user", settings.neo4j_user),
        ("password", settings.neo4j_password),
        ("from", password_source(settings)),
    ]
    if not settings.uri_is_external:
        rows.insert(0, ("browser", browser_url(settings)))
    for name, value in rows:
        click.echo(f"{name:<9} {value}")


async def _server_agent(upg: Upg) -> str:
    try:
        async with translating():
            info = await upg.driver.get_server_info()
    except Unavailable as exc:
        raise Unavailable(f"{upg.settings.neo4j_uri}: {exc.message}") from exc
    return str(info.agent)


@db.command()
@click.option("-n", "--lines", default=40, show_default=True, help="How many lines to show.")
@click.option("-f", "--follow", is_flag=True, help="Keep printing new lines (Ctrl-C to stop).")
@click.option("--debug", is_flag=True, help="debug.log instead of neo4j.log.")
def logs(lines: int, follow: bool, debug: bool) -> None:
    """The tail of the local Neo4j's log."""
    path = _local(load_settings()).log_file(debug=debug)
    if not path.exists():
        click.echo(f"no log yet at {path}")
        return
    for line in tail(path, lines):
        click.echo(line)
    if follow:
        _follow(path)


def _follow(path: Path) -> None:
    with path.open(encoding="utf-8", errors="replace") as handle:
        handle.seek(0, 2)
        try:
            while True:
                line = handle.readline()
                if line:
                    click.echo(line.rstrip("\n"))
                else:
                    time.sleep(0.5)
        except KeyboardInterrupt:
            return


@db.command()
def migrate() -> None:
    """Apply pending schema migrations (cypher/schema/*.cypher)."""
    settings = load_settings()
    began = time.monotonic()
    applied = _migrate(settings)
    _report_migrations(applied, time.monotonic() - began)


def _verify(repair: bool) -> VerifyReport:
    async def work(upg: Upg) -> VerifyReport:
        store = MilestoneClassRepository(upg.driver, upg.database)
        return await verify_classes(store, repair=repair)

    return run(work)


@db.command()
@click.option("--repair", is_flag=True, help="Set every drifted class to the one its edges give.")
def verify(repair: bool) -> None:
    """Check each milestone's kept class against its edges; exit 1 on drift (unless repaired)."""
    report = _verify(repair)
    if not report.drift:
        click.echo("Milestone classes: no drift")
        return
    click.echo(f"Milestone classes: {report.drifted} drifted")
    for group in report.drift:
        kept = group.kept.value if group.kept else "unset"
        examples = ", ".join(group.examples)
        click.echo(f"  {kept} -> {group.expected.value}: {group.count} (e.g. {examples})")
    if repair:
        click.echo(f"Repaired: {report.repaired} milestones")
        return
    raise ThresholdCrossed("milestone classes drifted: run `upg db verify --repair`")


_DUMP = click.Path(dir_okay=False, path_type=Path)


def _steps(timings: dict[str, float]) -> str:
    return f" ({', '.join(f'{k} {v:.1f} s' for k, v in timings.items())})" if timings else ""


@db.command()
@click.argument("file", type=_DUMP)
def backup(file: Path) -> None:
    """Dump the local Neo4j's database into FILE (neo4j-admin database dump).

    Neo4j Community dumps only while the server is stopped: a running server is stopped and
    started again, and the command says so.
    """
    began = time.monotonic()
    report = dump_database(_local(load_settings()), file, say=_echo)
    click.echo(
        f"Backed up database {load_settings().neo4j_database} to {report.file} "
        f"({report.size / 1_000_000:.1f} MB) in {time.monotonic() - began:.1f} s"
        f"{_steps(report.timings)}"
    )


@db.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Replace the local Neo4j's database with the dump in FILE (neo4j-admin database load).

    The server is stopped for the load and started again (then pending migrations are applied).
    """
    began = time.monotonic()
    settings = load_settings()
    report = load_database(_local(settings), file, say=_echo)
    click.echo(
        f"Restored database {settings.neo4j_database} from {report.file} "
        f"in {time.monotonic() - began:.1f} s{_steps(report.timings)}"
    )
    if report.started_pid is not None:
        mark = time.monotonic()
        _report_migrations(_migrate(settings), time.monotonic() - mark)
