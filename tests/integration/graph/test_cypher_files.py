"""Every .cypher file the service loads is valid Cypher on the real server (EXPLAINed)."""

import re

import pytest
from neo4j import AsyncDriver

from upg.graph import cypher

NAMES = [
    *cypher.names("queries"),
    *cypher.names("audit"),
    *cypher.names("evidence"),
    *cypher.names("tokens"),
    *cypher.names("migrations"),
    *cypher.names("import"),
    *cypher.names("export"),
    *cypher.names("backtest"),
]


def browser_params(name: str) -> dict[str, object]:
    """The parameters named in the file's `:param` lines (examples for Browser), as None."""
    text = (cypher.cypher_root() / f"{name}.cypher").read_text()
    return {match: None for match in re.findall(r"^:param (\w+)", text, flags=re.MULTILINE)}


@pytest.mark.parametrize("name", NAMES)
async def test_statement_is_valid_cypher(driver: AsyncDriver, name: str) -> None:
    params = browser_params(name)
    used = set(re.findall(r"\$(\w+)", cypher.load(name)))
    assert used <= set(params), f"{name}: parameters without a :param example: {used - set(params)}"
    async with driver.session() as session:
        result = await session.run(f"EXPLAIN {cypher.load(name)}", params)
        summary = await result.consume()
    assert summary.plan is not None


CLASS_NAMES = re.compile(r"'(VALIDATED|VANITY|UNTRACKED|ORPHAN)'")


def test_every_statement_is_parameterised() -> None:
    """Values reach Cypher as parameters: no string literals but the audit class names."""
    for name in NAMES:
        code = "\n".join(line.split("//")[0] for line in cypher.load(name).splitlines())
        assert "'" not in CLASS_NAMES.sub("", code), f"{name} embeds a literal string"
        assert '"' not in code, f"{name} embeds a literal string"
