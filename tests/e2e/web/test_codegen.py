"""An operation the schema no longer has fails the build (graphql-codegen validates every
operation against graphql/schema.graphql). That the app's own operations pass is `make
web-check` (scripts/build-web --check), and the web_dist fixture's build (codegen, tsc, vite)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.web.conftest import REPO

WEB = REPO / "web"


def codegen(config: Path) -> subprocess.CompletedProcess[str]:
    command = [str(WEB / "node_modules" / ".bin" / "graphql-codegen"), "--config", str(config)]
    return subprocess.run(command, cwd=WEB, capture_output=True, text=True, check=False)


def test_an_operation_the_schema_lacks_fails_the_build(web_dist: Path, tmp_path: Path) -> None:
    (tmp_path / "stale.graphql").write_text(
        "query Stale { products(first: 1) { edges { node { id revenue } } } }"
    )
    config = tmp_path / "codegen.json"
    config.write_text(
        json.dumps(
            {
                "schema": str(REPO / "graphql" / "schema.graphql"),
                "documents": str(tmp_path / "stale.graphql"),
                "generates": {
                    str(tmp_path / "out.ts"): {
                        "plugins": ["typescript", "typescript-operations", "typed-document-node"]
                    }
                },
            }
        )
    )
    failed = codegen(config)
    assert failed.returncode != 0
    assert 'Cannot query field "revenue" on type "Product"' in failed.stdout + failed.stderr
    assert not (tmp_path / "out.ts").exists()
