"""Loads Cypher statements by name from the `cypher/` folder.

Every statement upg runs lives in a `.cypher` file that can be pasted into Neo4j Browser as-is.
Names are paths without the suffix: `queries/node_get`, `audit/vanity_milestones`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from upg.errors import UpgError


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
