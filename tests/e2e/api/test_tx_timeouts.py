"""Every Cypher statement the API process runs carries UPG_NEO4J_TX_TIMEOUT to Neo4j: the
migrations it applies at start-up, its readiness check, reads, writes and the evidence report.

Observed on the wire: the driver logs each Bolt message it sends (logger `neo4j.io`); a BEGIN
carries the transaction's `tx_timeout`, and so does a RUN outside a transaction (auto-commit).
"""

from __future__ import annotations

import logging
import re

import pytest
from neo4j import AsyncDriver

from tests.e2e.api.conftest import Api, AppClient
from upg.config import Settings
from upg.graph import cypher

TIMEOUT_S = 7.25
LAST_MIGRATION = cypher.names("schema")[-1]
_MESSAGE = re.compile(r"\[#([0-9A-F]+)\]\s+C: (BEGIN|RUN|COMMIT|ROLLBACK|RESET)\b(.*)", re.DOTALL)


def statements_without_timeout(records: list[logging.LogRecord]) -> tuple[int, list[str]]:
    """(transactions and auto-commit statements seen, those sent without the timeout)."""
    in_transaction: set[str] = set()
    seen, missing = 0, []
    for record in records:
        found = _MESSAGE.match(record.getMessage())
        if record.name != "neo4j.io" or found is None:
            continue
        connection, message, rest = found.groups()
        if message == "BEGIN":
            in_transaction.add(connection)
        elif message in ("COMMIT", "ROLLBACK", "RESET"):
            in_transaction.discard(connection)
            continue
        elif connection in in_transaction:
            continue  # a statement of the transaction BEGIN opened: its timeout was checked there
        seen += 1
        if f"'tx_timeout': {int(TIMEOUT_S * 1000)}" not in rest:
            missing.append(f"{message} {rest[:160]}")
    return seen, missing


async def test_every_statement_of_the_api_carries_the_transaction_timeout(
    app_client: AppClient,
    auth_headers: dict[str, str],
    driver: AsyncDriver,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The app applies the last migration again at start-up (it is idempotent): its statements
    # and its record are among those checked.
    await driver.execute_query(
        "MATCH (m:UpgMigration {name: $name}) DELETE m",
        name=LAST_MIGRATION,
        database_=settings.neo4j_database,
    )
    caplog.set_level(logging.DEBUG, logger="neo4j")
    async with app_client(auth_headers, tx_timeout_s=TIMEOUT_S) as client:
        assert (await client.get("/readyz")).status_code == 200
        api = Api(client)
        product = await api.create("PRODUCT", "Timed")
        for document in (
            "{ products(first: 5) { edges { node { id milestones { totalCount } } } } }",
            "{ vanityMilestones { totalCount } milestoneAudit { totalCount } }",
            "{ healthScoreAudits { totalCount } unmeasuredOutcomes { totalCount } }",
            "{ evidenceReport { pairs { totalCount } } }",
            "{ apiTokens { name } }",
        ):
            await api.data(document)
        await api.data("mutation($id: ID!) { deleteNode(id: $id) }", {"id": product})
    sent = list(caplog.records)  # what the app sent, before this test's own driver speaks again
    records, _, _ = await driver.execute_query(
        "MATCH (m:UpgMigration {name: $name}) RETURN count(m) AS n",
        name=LAST_MIGRATION,
        database_=settings.neo4j_database,
    )
    assert records[0]["n"] == 1, "the app did not apply the migration again"
    seen, missing = statements_without_timeout(sent)
    # The migration's auto-commit statements, its status and record, readiness, the requests.
    assert seen > len(cypher.statements(LAST_MIGRATION)) + 10
    assert missing == []
