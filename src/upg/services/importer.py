"""`upg import`: load a graph from layout files (docs/import-export.md).

Policy: the files and their headers are checked first (a file or column that is not in the
layout is a usage error, and nothing is written); then every row is checked by the API's rules
and the good ones are written in batches, one transaction each, nodes before edges. Bad rows are
reported with file, line, field and reason and written nowhere; an edge that names a rejected or
missing node is rejected too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from upg.errors import Invalid
from upg.services.import_layout import (
    ACCOUNT,
    BY_STEM,
    FORMATS,
    SPECS,
    FileSpec,
    check_columns,
    label_of,
)
from upg.services.importer_rows import check_row
from upg.services.ports import GraphImport
from upg.services.row_files import count_rows, header, read_rows

BATCH = 5_000

Progress = Callable[[int], None]
"""Called with how many more rows were checked."""


@dataclass(frozen=True)
class Rejected:
    file: str
    line: int
    field: str
    reason: str


@dataclass(frozen=True)
class ImportPlan:
    """The files to read, in import order, and how many rows they hold."""

    files: tuple[tuple[FileSpec, Path], ...]
    rows: int
    ignored: tuple[Path, ...] = ()
    """Files in a directory that are not part of the layout (not read)."""


@dataclass
class ImportSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    accepted: dict[str, int] = field(default_factory=dict)
    """Rows accepted per file name."""
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0
    accounts: set[str] = field(default_factory=set)
    """Accounts whose facts the accepted rows name (their route marks need a refresh)."""


def _files_in(folder: Path, fmt: str | None) -> tuple[list[Path], list[Path]]:
    wanted = (fmt,) if fmt else FORMATS
    found = sorted(p for p in folder.iterdir() if p.is_file())
    layout = [p for p in found if p.stem in BY_STEM and p.suffix.lstrip(".") in wanted]
    return layout, [p for p in found if p not in layout]


def plan(paths: Sequence[Path], fmt: str | None = None) -> ImportPlan:
    """Check the files' names and headers (Invalid on any problem) and count their rows."""
    chosen: list[Path] = []
    ignored: list[Path] = []
    for path in paths:
        if path.is_dir():
            layout, other = _files_in(path, fmt)
            chosen += layout
            ignored += other
        else:
            chosen.append(path)
    by_stem: dict[str, Path] = {}
    for path in chosen:
        suffix = path.suffix.lstrip(".")
        if path.stem not in BY_STEM or suffix not in FORMATS:
            known = ", ".join(spec.stem for spec in SPECS)
            raise Invalid(f"{path.name}: not a file of the layout (.csv or .jsonl of: {known})")
        if fmt is not None and suffix != fmt:
            raise Invalid(f"{path.name}: not a {fmt} file (--format {fmt})")
        if path.stem in by_stem:
            raise Invalid(f"{path.name}: {by_stem[path.stem].name} holds the same {path.stem}")
        by_stem[path.stem] = path
    if not by_stem:
        raise Invalid("no file of the layout found (products.csv, milestones.csv, ...)")
    files = tuple((spec, by_stem[spec.stem]) for spec in SPECS if spec.stem in by_stem)
    for spec, path in files:
        columns = header(path)
        unknown = check_columns(spec, columns)
        if unknown:
            raise Invalid(
                f"{path.name}: unknown columns {', '.join(unknown)}; "
                f"known: {', '.join(spec.columns)}"
            )
        missing = [name for name in spec.required if name not in columns]
        if missing and path.suffix == ".csv":
            raise Invalid(f"{path.name}: missing required columns {', '.join(missing)}")
    return ImportPlan(files, sum(count_rows(path) for _, path in files), tuple(ignored))


@dataclass
class _Run:
    store: GraphImport
    summary: ImportSummary
    dry_run: bool
    known: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Ids accepted from the files: (type key or ACCOUNT, file:line)."""

    def reject(self, path: Path, line: int, exc: Invalid) -> None:
        name = exc.field or "row"
        reason = exc.message.removeprefix(f"{name}: ").removeprefix(f"{name} ")
        self.summary.rejected.append(Rejected(path.name, line, name, reason))

    async def flush(self, spec: FileSpec, path: Path, batch: list[tuple[int, Any]]) -> None:
        if not batch:
            return
        good = await (self._nodes if spec.kind == "node" else self._edges)(spec, path, batch)
        if good and not self.dry_run:
            created, updated = await self.store.write_batch(spec.kind, spec.type, good)
            self.summary.created += created
            self.summary.updated += updated
        self.summary.accepted[path.name] = self.summary.accepted.get(path.name, 0) + len(good)
        if spec.type == ACCOUNT:
            self.summary.accounts.update(str(row["id"]) for row in good)
        elif spec.source == ACCOUNT:
            self.summary.accounts.update(str(row["source"]) for row in good)
        batch.clear()

    async def _nodes(
        self, spec: FileSpec, path: Path, batch: list[tuple[int, Any]]
    ) -> list[dict[str, Any]]:
        stored = await self.store.types([row["id"] for _, row in batch])
        good = []
        for line, row in batch:
            node_id, found = row["id"], stored.get(row["id"])
            if found is not None and found != spec.type:
                what = "an account" if found == ACCOUNT else f"a {label_of(found)}"
                self.reject(path, line, Invalid(f"id: {node_id} is {what} already", field="id"))
                continue
            self.known[node_id] = (spec.type, f"{path.name}:{line}")
            good.append(row)
        return good

    async def _edges(
        self, spec: FileSpec, path: Path, batch: list[tuple[int, Any]]
    ) -> list[dict[str, Any]]:
        ids = {row[end] for _, row in batch for end in ("source", "target")}
        stored = await self.store.types([i for i in ids if i not in self.known])
        types = {**stored, **{i: kind for i, (kind, _) in self.known.items() if i in ids}}
        good = []
        for line, row in batch:
            try:
                for end, wanted in (("source", spec.source), ("target", spec.target)):
                    named = str(row.pop(f"_{end}"))
                    _check_end(spec, end, named, types.get(row[end]), wanted)
            except Invalid as exc:
                self.reject(path, line, exc)
                continue
            good.append(row)
        return good


def _check_end(spec: FileSpec, end: str, node_id: str, found: str | None, wanted: str) -> None:
    if found is None:
        raise Invalid(f"{end}: no {label_of(wanted)} with id {node_id}", field=end)
    if found != wanted:
        what = "an Account" if found == ACCOUNT else f"a {label_of(found)}"
        raise Invalid(
            f"{end}: {spec.type} goes from {label_of(spec.source)} to {label_of(spec.target)}; "
            f"{node_id} is {what}",
            field=end,
        )


def _key(spec: FileSpec, row: dict[str, Any]) -> str:
    return str(row["id"]) if spec.kind == "node" else f"{row['source']}\x00{row['target']}"


async def import_plan(
    store: GraphImport,
    files: ImportPlan,
    *,
    dry_run: bool = False,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> ImportSummary:
    """Check every row of the plan's files and write the good ones (unless `dry_run`)."""
    began = time.monotonic()
    state = _Run(store, ImportSummary(), dry_run)
    for spec, path in files.files:
        pending: list[tuple[int, Any]] = []
        seen: dict[str, int] = {}
        for line, raw in read_rows(path):
            state.summary.rows += 1
            if progress is not None:
                progress(1)
            try:
                row = check_row(spec, raw)
                key = _key(spec, row)
                if key in seen:
                    what = "id" if spec.kind == "node" else "source"
                    raise Invalid(f"{what}: repeats line {seen[key]}", field=what)
                if spec.kind == "node" and row["id"] in state.known:
                    kind, where = state.known[row["id"]]
                    raise Invalid(f"id: {row['id']} is already a {kind} ({where})", field="id")
            except Invalid as exc:
                state.reject(path, line, exc)
                continue
            seen[key] = line
            if spec.kind == "edge":
                # The ids as the file wrote them, for messages (popped before the write).
                row["_source"], row["_target"] = raw["source"], raw["target"]
            pending.append((line, row))
            if len(pending) >= batch:
                await state.flush(spec, path, pending)
        await state.flush(spec, path, pending)
    state.summary.seconds = time.monotonic() - began
    return state.summary
