"""Writing a full audit row by row as the source yields it: constant memory at any size.

json, ndjson and csv: the bytes `output.render` writes for the whole listing; only the rows'
order comes from the source (the statements return them in (title, id) order), not from a sort
here. The table: up to TABLE_BLOCK rows, the same table as the whole listing's; a longer one is
printed a block at a time, its column widths fixed by the first block, under one header, with
the count at the end.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO, TypeVar

import click

from upg.cli import output
from upg.cli.listings import Listing, Row

T = TypeVar("T")

TABLE_BLOCK = 1000
"""Rows of a table held at a time: a listing this short prints as one ordinary table."""


def _csv_line(listing: Listing, row: Row) -> str:
    cells = (
        output.csv_cell((column.csv or column.text)(row), text=not column.numeric)
        for column in listing.columns
    )
    return ",".join(cells) + "\n"


def _head(shape: Listing, fmt: str, out: TextIO) -> None:
    # Written with the first row, not before: a source that fails at once (a refused token, an
    # unreachable server) leaves stdout empty, as the whole-listing path does.
    if fmt == "csv":
        out.write(",".join(output.csv_cell(column.name) for column in shape.columns) + "\n")
    elif fmt == "json":
        out.write("{\n  " + json.dumps(shape.key) + ": [")


async def write(
    items: AsyncIterator[T],
    to_row: Callable[[T], Row],
    shape: Listing,
    fmt: str,
    out: TextIO,
) -> int:
    """Write each item's row to `out` in `fmt` as it arrives; how many rows were written.

    `shape` is the empty listing: its key, columns and extra keys (json's envelope), and the
    table's title, caption and styles.
    """
    if fmt == "table":
        return await _table(aiter(items), to_row, shape, out)
    count = 0
    async for item in items:
        row = to_row(item)
        if not count:
            _head(shape, fmt, out)
        if fmt == "ndjson":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            out.write(_csv_line(shape, row))
        else:
            text = json.dumps(row, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            out.write(("," if count else "") + "\n    " + text)
        count += 1
    if not count:
        _head(shape, fmt, out)
    if fmt == "json":
        tail = {**shape.extra, "count": count}
        keys = "".join(
            f",\n  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in tail.items()
        )
        out.write(("\n  ]" if count else "]") + keys + "\n}\n")
    return count


async def _table(
    items: AsyncIterator[T], to_row: Callable[[T], Row], shape: Listing, out: TextIO
) -> int:
    console = output.table_console(out, plain=out is not sys.stdout)
    block = [to_row(item) async for item in _take(items, TABLE_BLOCK)]
    if len(block) < TABLE_BLOCK:
        output.print_to(console, replace(shape, rows=block))
        return len(block)
    console.print(shape.title, markup=False)
    widths = output.column_widths(shape, block, console.size.width)
    count, header = 0, True
    while block:
        output.print_rows(console, shape, block, widths, header=header)
        count, header = count + len(block), False
        block = [to_row(item) async for item in _take(items, TABLE_BLOCK)]
    console.print(f"{shape.title}: {count}. {shape.caption}", markup=False)
    return count


async def _take(items: AsyncIterator[T], limit: int) -> AsyncIterator[T]:
    """The next `limit` items of `items` (fewer when it ends), leaving the rest to be read."""
    for _ in range(limit):
        try:
            yield await anext(items)
        except StopAsyncIteration:
            return


@dataclass(frozen=True)
class Target:
    """Where the rows go: stdout (None or '-') or a file; `error` is raised when it can't."""

    path: str | None
    error: Callable[[str], Exception]


async def write_to(
    items: AsyncIterator[T],
    to_row: Callable[[T], Row],
    shape: Listing,
    fmt: str,
    target: Target,
    noun: str,
) -> int:
    """`write` to stdout, or to the target file and then one line on stderr (as `upg audit`
    does for a whole listing); how many rows were written."""
    if target.path is None or target.path == "-":
        count = await write(items, to_row, shape, fmt, sys.stdout)
        sys.stdout.flush()
        return count
    path = Path(target.path)
    try:
        with path.open("w", encoding="utf-8") as out:
            count = await write(items, to_row, shape, fmt, out)
    except OSError as exc:
        raise target.error(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"upg: wrote {count} {noun} to {path} ({fmt})", err=True)
    return count
