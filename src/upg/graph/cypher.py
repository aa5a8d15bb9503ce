"""Cypher statements by name, from the `cypher/` folder: loaded, and run inside a transaction.

Every statement upg runs lives in a `.cypher` file that can be pasted into Neo4j Browser as-is.
Names are paths without the suffix: `queries/node_get`, `audit/vanity_milestones`.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from neo4j import AsyncManagedTransaction

from upg.errors import UpgError
from upg.observability import record

round_trips: ContextVar[list[int] | None] = ContextVar("upg_round_trips", default=None)
"""When set to a one-item list, every statement run adds one to it (per-request counting)."""


async def run(tx: AsyncManagedTransaction, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run the statement `name` in `tx` with `params`; its rows as plain dicts."""
    return await run_text(tx, name, load(name), params)


async def run_text(
    tx: AsyncManagedTransaction, name: str, text: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Run `text` under the name `name` (counted per request, and observed: timed, traced).

    Only `run` and the compiled reads (upg.api.compiled, whose text is built from fixed
    fragments and registry labels) call it: every other statement is a named file.
    """
    counter = round_trips.get()
    if counter is not None:
        counter[0] += 1
    observed = record.current.get()
    if observed is None:
        return await _fetch(tx, text, params)
    return await record.observe_statement(observed, name, lambda: _fetch(tx, text, params))


async def _fetch(
    tx: AsyncManagedTransaction, text: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    result = await tx.run(text, params)
    # dict(row), not row.data(): statements return maps and scalars, never graph
    # entities, and data() walks every nested value again (a third of a 100k audit's time).
    return [dict(row) async for row in result]


def cypher_root() -> Path:
    """The `cypher/` folder: the checkout's in development, the wheel's copy when installed."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "cypher", here.parents[1] / "_cypher"):
        if candidate.is_dir():
            return candidate
    raise UpgError("cannot find the cypher/ folder next to the upg package")


@cache
def load(name: str) -> str:
    """The text of `cypher/<name>.cypher` (comments and `:param` lines kept: Neo4j ignores them)."""
    path = cypher_root() / f"{name}.cypher"
    if not path.is_file():
        raise UpgError(f"no Cypher statement named {name!r} ({path})")
    return _strip_browser_commands(path.read_text(encoding="utf-8"))


def _strip_browser_commands(text: str) -> str:
    """Drop Browser-only lines (`:param ...`) so the driver can run the file's statement."""
    kept = [line for line in text.splitlines() if not line.lstrip().startswith(":")]
    return "\n".join(kept).strip().rstrip(";")


def statements(name: str) -> list[str]:
    """Split a multi-statement file (schema migrations) on `;` at line ends."""
    text = load(name)
    parts = [part.strip() for part in text.split(";\n")]
    return [part for part in parts if part and not _only_comments(part)]


def _only_comments(text: str) -> bool:
    return all(line.strip().startswith("//") or not line.strip() for line in text.splitlines())


def names(folder: str) -> list[str]:
    """Every statement name under `cypher/<folder>/`, sorted."""
    root = cypher_root()
    return sorted(
        str(path.relative_to(root).with_suffix("")) for path in (root / folder).glob("*.cypher")
    )
