"""Rows from the files people bring: CSV with a header row, or JSON Lines (.jsonl, .ndjson).

Both readers number rows by the line they start on, so a rejected row can be found in the file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

JSON_LINES = frozenset({".jsonl", ".ndjson"})
"""File suffixes read as JSON Lines; anything else is read as CSV."""


def header(path: Path) -> list[str]:
    """The column names of a file: a CSV's header row, or every key used in a JSON-lines file."""
    if path.suffix in JSON_LINES:
        keys: dict[str, None] = {}
        for _, row in read_rows(path):
            keys.update(dict.fromkeys(k for k in row if k != "__error__"))
        return list(keys)
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def count_rows(path: Path) -> int:
    """How many rows (records) the file holds."""
    return sum(1 for _ in read_rows(path))


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) pairs; a CSV's empty cells become None. A line that is not a JSON
    object yields a row with the key `__error__` and the reason."""
    if path.suffix in JSON_LINES:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    row = {"__error__": f"not JSON: {exc.msg}"}
                yield number, row if isinstance(row, dict) else {"__error__": "not a JSON object"}
        return
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, {k: (v if v != "" else None) for k, v in row.items()}
