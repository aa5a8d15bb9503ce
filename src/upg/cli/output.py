"""How `upg audit` prints a listing (table, json, csv, ndjson) and where it writes it.

Data printed for people is made harmless on the way out: in CSV, a text cell that a spreadsheet
would run as a formula is neutralised (OWASP's CSV injection advice: a leading `'`, and the cell
quoted); in the terminal table, control characters from the graph are shown as visible symbols,
never sent to the terminal. JSON and NDJSON are for programs and stay verbatim.
"""

from __future__ import annotations

import io
import json
import re
import sys
from typing import Literal, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from upg.cli.listings import Column, Listing, Row

Format = Literal["table", "json", "csv", "ndjson"]
FORMATS: tuple[Format, ...] = ("table", "json", "csv", "ndjson")
FORMAT_NAMED: dict[str, Format] = {name: name for name in FORMATS}

PIPE_WIDTH = 160
"""Width of a table written to a pipe or file (a terminal's own width is used otherwise)."""


def pick_format(fmt: str | None, output_file: str | None) -> Format:
    """The format asked for, else table for a person at a terminal and json for anything else."""
    if fmt is not None:
        return FORMAT_NAMED[fmt]
    to_terminal = output_file in (None, "-") and sys.stdout.isatty()
    return "table" if to_terminal else "json"


def render(listing: Listing, fmt: Format, *, width: int | None = None) -> str:
    """The listing as text in one format (ending with a newline)."""
    if fmt == "json":
        envelope = {listing.key: listing.rows, **listing.extra, "count": len(listing.rows)}
        return json.dumps(envelope, indent=2, ensure_ascii=False) + "\n"
    if fmt == "ndjson":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in listing.rows)
    if fmt == "csv":
        return _csv(listing)
    return _table(listing, width)


# CSV ----------------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets."""


def csv_cell(value: str, *, text: bool = True) -> str:
    """One CSV field: quoted where RFC 4180 needs it; a text cell that starts like a formula is
    prefixed with `'` and quoted (numbers upg writes itself, such as -0.05, are left as they are).
    """
    risky = text and value.startswith(FORMULA_START)
    if risky:
        value = "'" + value
    if risky or any(char in value for char in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv(listing: Listing) -> str:
    lines = [",".join(csv_cell(column.name) for column in listing.columns)]
    for row in listing.rows:
        lines.append(
            ",".join(
                csv_cell(_csv_text(column, row), text=not column.numeric)
                for column in listing.columns
            )
        )
    return "".join(line + "\n" for line in lines)


def _csv_text(column: Column, row: Row) -> str:
    return (column.csv or column.text)(row)


# Table --------------------------------------------------------------------------------------

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters (C0, DEL, C1) and the bidirectional marks that reorder what follows."""


def _symbol(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's control pictures: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` safe for a terminal: control characters and bidi overrides as visible symbols."""
    return _UNSAFE.sub(_symbol, text)


def _table(listing: Listing, width: int | None) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or PIPE_WIDTH, color_system=None)
    print_to(console, listing)
    return buffer.getvalue()


def print_to(console: Console, listing: Listing) -> None:
    """The listing as one table (title with the count, caption), or its `empty` line."""
    if not listing.rows:
        console.print(listing.empty, markup=False)
        return
    # Title and caption are upg's own words; cells are data, hence Text (no markup) and visible.
    table = Table(
        title=f"{listing.title} ({len(listing.rows)})",
        caption=listing.caption,
        title_justify="left",
        caption_justify="left",
    )
    _fill(table, listing, listing.rows, None)
    console.print(table)


def _fill(table: Table, listing: Listing, rows: list[Row], widths: list[int] | None) -> None:
    columns = [column for column in listing.columns if column.in_table]
    for i, column in enumerate(columns):
        header = column.name.replace("_", " ")
        width = None if widths is None else widths[i]
        table.add_column(header, justify=column.justify, overflow="fold", width=width)
    for row in rows:
        table.add_row(*(_cell(column, row) for column in columns))


def _cell(column: Column, row: Row) -> Text:
    return Text(visible(column.text(row)), style=column.style(row) if column.style else "")


def table_console(stream: TextIO, *, plain: bool = False) -> Console:
    """A console for a person: colours and the terminal's width on a terminal, PIPE_WIDTH wide
    to a pipe; `plain` (a file): PIPE_WIDTH wide and never a colour."""
    if plain:
        return Console(file=stream, width=PIPE_WIDTH, color_system=None)
    return Console(file=stream, width=None if stream.isatty() else PIPE_WIDTH)


def print_table(listing: Listing, stream: TextIO) -> None:
    """A table for a person: colours and the terminal's width on a terminal, plain text else."""
    print_to(table_console(stream), listing)


def column_widths(listing: Listing, rows: list[Row], width: int) -> list[int]:
    """Each table column's width for these rows, fitting `width` (a block of a streamed table):
    its widest cell or header, and when they do not all fit, the widest columns cut to one
    common cap (their cells then fold), so no column is squeezed to nothing."""
    columns = [column for column in listing.columns if column.in_table]
    wanted = [
        max([cell_len(column.name), *(cell_len(_cell(column, row).plain) for row in rows)])
        for column in columns
    ]
    room = max(width - 3 * len(columns) + 1, len(columns))  # padding and rules between columns
    cap = max(wanted, default=1)
    while cap > 1 and sum(min(w, cap) for w in wanted) > room:
        cap -= 1
    return [min(w, cap) for w in wanted]


def print_rows(
    console: Console, listing: Listing, rows: list[Row], widths: list[int], *, header: bool
) -> None:
    """Rows of a table printed block by block (`upg audit` streaming a long listing): fixed
    column widths and no outer edge, so the blocks read as one table under one header."""
    table = Table(show_header=header, show_edge=False)
    _fill(table, listing, rows, widths)
    console.print(table)
