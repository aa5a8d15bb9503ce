"""`upg db import-bulk DIR` on a real local server of its own (it stops, replaces and restarts
the database, so it never touches the session's test server): a small layout with the user's
own keys and UUIDs is loaded with neo4j-admin, migrated, and reads back right; a bad row or a
database that holds data is refused and changes nothing."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from upg.bootstrap import Upg, run
from upg.cli.main import cli
from upg.config import Settings, load_settings
from upg.graph.bulk import held_nodes
from upg.graph.migrations import is_migrated
from upg.graph.milestone_class import MilestoneClassRepository
from upg.localdb import LocalNeo4j
from upg.services.bulk_files import NAMESPACE
from upg.services.integrity import verify

M1 = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"

LAYOUT = {
    "products.csv": "id,title,status,tags\ndocflow,DocFlow,active,collab|docs\n",
    "health_scores.csv": "id,title\ntrial-health,Trial health\n",
    # A line break in a cell: neo4j-admin must be told (--multiline-fields), or the row splits.
    "outcomes.csv": "id,title,status,description\nconverts,Trial converts,active,\n"
    'renews,Account renews,,"Renews\nat term end"\n',
    "milestones.csv": (
        "id,title,status,tags,milestone_type,target_date,achieved\n"
        f"{M1.upper()},Second editor,done,habit,trial,2026-03-31,true\n"
        "MS-2,Profile completed,todo,,onboarding,,\n"
        "MS-3,Integration connected,in_progress,,adoption,,\n"
        'MS-4,"Watched the tutorial, twice",todo,,,,\n'
    ),
    "celebrates_via.csv": "source,target\n"
    + "".join(f"docflow,{m}\n" for m in (M1, "MS-2", "MS-3", "MS-4")),
    "contains.csv": f"source,target,weight\ntrial-health,{M1},3\ntrial-health,MS-2,\n",
    "validates.csv": f"source,target\n{M1},converts\nMS-3,renews\nMS-3,renews\n",
    "accounts.csv": "id,name,signed_up_at\nacct-1,Acme,2026-01-05\n",
    "uses.csv": "source,target\nacct-1,docflow\n",
    "reached.csv": f"source,target,at,times\nacct-1,{M1},2026-01-09,2026-01-07T10:00:00+00:00\n",
}


def _key(type_key: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{type_key}:{key}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def bulk_env(tmp_path_factory: pytest.TempPathFactory, local_server: LocalNeo4j) -> dict[str, str]:
    home = tmp_path_factory.mktemp("bulk-home")
    # The command finds the jars under UPG_HOME/lib: the developer's, already downloaded.
    (home / "lib").symlink_to(local_server.lib.parent)
    return {
        **os.environ,
        "UPG_HOME": str(home),
        "UPG_NEO4J_BOLT_PORT": str(_free_port()),
        "UPG_NEO4J_HTTP_PORT": str(_free_port()),
        "UPG_NEO4J_HEAP": "512m",
        "UPG_NEO4J_PAGECACHE": "64m",
        "UPG_NEO4J_PASSWORD": "",
        "UPG_NEO4J_URI": "",
    }


@pytest.fixture(scope="module")
def server(bulk_env: dict[str, str], local_server: LocalNeo4j) -> Iterator[LocalNeo4j]:
    """A server of this module's own, started (empty, migrated) and stopped after it."""
    server = LocalNeo4j(load_settings(bulk_env))
    server.start()
    yield server
    server.stop()


def _write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def _invoke(env: dict[str, str], directory: Path) -> Result:
    env = {**env, "UPG_NEO4J_PASSWORD": ""}
    return CliRunner().invoke(cli, ["db", "import-bulk", str(directory)], env=env)


def _read(settings: Settings, query: str) -> list[dict[str, Any]]:
    async def work(upg: Upg) -> list[dict[str, Any]]:
        records, _, _ = await upg.driver.execute_query(query, database_=upg.database)
        return [record.data() for record in records]

    return run(work, settings)


SCHEMA = (
    "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, options, "
    "owningConstraint WHERE type <> 'LOOKUP' "
    "RETURN name, type, entityType, labelsOrTypes, properties, options.indexConfig AS config, "
    "owningConstraint ORDER BY name"
)
CONSTRAINTS = (
    "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties "
    "RETURN name, type, entityType, labelsOrTypes, properties ORDER BY name"
)


def test_bulk_import_loads_checks_and_refuses(
    server: LocalNeo4j, bulk_env: dict[str, str], tmp_path: Path, neo4j_settings: Settings
) -> None:
    settings = server.settings
    bad = _write(tmp_path / "bad", {**LAYOUT, "contains.csv": "source,target,weight\n"})
    (bad / "contains.csv").write_text(f"source,target,weight\ntrial-health,{M1},-2\n")
    result = _invoke(bulk_env, bad)
    assert result.exit_code != 0
    assert "contains.csv line 2: weight" in result.output, result.output
    unknown = _write(tmp_path / "unknown", {"products.csv": "id,title,colour\np,P,red\n"})
    result = _invoke(bulk_env, unknown)
    assert "unknown columns colour" in result.output, result.output
    assert run(lambda upg: held_nodes(upg.driver, upg.database), settings) == 0

    result = _invoke(bulk_env, _write(tmp_path / "good", LAYOUT))
    assert result.exit_code == 0, result.output
    assert "entities/s" in result.output
    assert run(lambda upg: is_migrated(upg.driver, upg.database), settings)
    # The schema created at once (cypher/bulk/schema) is the one the migrations leave on the
    # session's database, migrated file by file: same indexes, options and constraints.
    for show in (SCHEMA, CONSTRAINTS):
        assert _read(settings, show) == _read(neo4j_settings, show)
    online = _read(settings, "SHOW INDEXES YIELD state RETURN collect(DISTINCT state) AS s")
    assert online == [{"s": ["ONLINE"]}]
    rows = _read(
        settings,
        "MATCH (m:SuccessMilestone:UpgNode) RETURN m.id AS id, m.external_id AS key, "
        "m.milestone_class AS cls, m.achieved AS achieved, m.tags AS tags, "
        "toString(m.target_date) AS target ORDER BY m.title",
    )
    by_id = {row["id"]: row for row in rows}
    first = by_id[M1]
    assert (first["key"], first["cls"], first["achieved"]) == (None, "VALIDATED", True)
    assert (first["tags"], first["target"]) == (["habit"], "2026-03-31")
    ms2 = by_id[_key("SUCCESS_MILESTONE", "MS-2")]
    assert (ms2["key"], ms2["cls"], ms2["achieved"]) == ("MS-2", "VANITY", False)
    assert by_id[_key("SUCCESS_MILESTONE", "MS-3")]["cls"] == "UNTRACKED"
    assert by_id[_key("SUCCESS_MILESTONE", "MS-4")]["cls"] == "ORPHAN"
    drift = run(lambda upg: verify(MilestoneClassRepository(upg.driver, upg.database)), settings)
    assert drift.drift == ()
    edges = _read(
        settings,
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, count(*) AS n, "
        "collect(r.weight) AS weights, collect(r.count) AS counts",
    )
    counts = {row["type"]: row["n"] for row in edges}
    assert counts == {"CELEBRATES_VIA": 4, "CONTAINS": 2, "VALIDATES": 2, "USES": 1, "REACHED": 1}
    weights = next(row["weights"] for row in edges if row["type"] == "CONTAINS")
    assert sorted(weights) == [1.0, 3.0]
    reached = _read(
        settings,
        "MATCH (:Account {id: 'acct-1'})-[r:REACHED]->() RETURN r.count AS n, toString(r.at) AS at",
    )
    assert reached == [{"n": 2, "at": "2026-01-07T10:00:00Z"}]
    described = _read(
        settings, "MATCH (o:Outcome {title: 'Account renews'}) RETURN o.description AS d"
    )
    assert described == [{"d": "Renews\nat term end"}]

    # The database holds data now: a second bulk import is refused and changes nothing.
    result = _invoke(bulk_env, _write(tmp_path / "again", {"products.csv": "id,title\nx,X\n"}))
    assert result.exit_code != 0 and "holds" in result.output, result.output
    assert _read(settings, "MATCH (n:Product) RETURN count(n) AS n") == [{"n": 1}]
