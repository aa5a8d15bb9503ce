"""`upg export`: the graph as layout files (docs/import-export.md), which `upg import` reads.

Every file of the layout is written (with its header, even when empty), nodes by id, each
node's edges after it in its edge files. A node imported under the user's own key is written
with that key (`external_id`), in node and edge files alike.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from upg.errors import Invalid
from upg.services.import_layout import BY_STEM, SPECS, FileSpec
from upg.services.importer_rows import LIST_SEPARATOR
from upg.services.ports import GraphExport

PAGE = 2_000
_NODE_FILES = {spec.type: spec.stem for spec in SPECS if spec.kind == "node"}
_EDGE_FILES = {spec.type: spec.stem for spec in SPECS if spec.kind == "edge"}

Progress = Callable[[int], None]


class _Writer:
    """One open file of the layout, CSV or JSON lines."""

    def __init__(self, spec: FileSpec, handle: IO[str], fmt: str) -> None:
        self.spec = spec
        self.fmt = fmt
        self.handle = handle
        self.count = 0
        self._csv = csv.writer(handle) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(spec.columns)

    def write(self, values: dict[str, Any]) -> None:
        self.count += 1
        if self._csv is None:
            row = {name: values.get(name) for name in self.spec.columns}
            self.handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        self._csv.writerow(_cell(self.spec, name, values.get(name)) for name in self.spec.columns)


def _cell(spec: FileSpec, name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        if any(LIST_SEPARATOR in str(item) for item in value):
            raise Invalid(
                f"{spec.stem}: a {name} value contains {LIST_SEPARATOR!r}, which CSV uses to "
                "separate them; export with --format jsonl",
                field=name,
            )
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


async def export(
    store: GraphExport, folder: Path, fmt: str = "csv", progress: Progress | None = None
) -> dict[str, int]:
    """Write the graph into `folder` (created if needed); rows written per file name."""
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        writers = {
            spec.stem: _Writer(
                spec,
                stack.enter_context(
                    (folder / spec.filename(fmt)).open("w", encoding="utf-8", newline="")
                ),
                fmt,
            )
            for spec in SPECS
        }
        after = ""
        while page := await store.nodes(after, PAGE):
            for row in page:
                node = row["node"]
                key = node.get("external_id") or node["id"]
                writers[_NODE_FILES[node["type"]]].write({**node, "id": key})
                for edge in row["edges"]:
                    writers[_EDGE_FILES[edge["type"]]].write({**edge, "source": key})
            after = page[-1]["node"]["id"]
            if progress is not None:
                progress(len(page))
        after = ""
        while page := await store.accounts(after, PAGE):
            for row in page:
                account = row["account"]
                writers["accounts"].write(account)
                for edge in row["edges"]:
                    writers[_EDGE_FILES[edge["type"]]].write({**edge, "source": account["id"]})
            after = page[-1]["account"]["id"]
            if progress is not None:
                progress(len(page))
    return {BY_STEM[stem].filename(fmt): writer.count for stem, writer in writers.items()}
