"""The import layout's account files (accounts, USES, REACHED, ACHIEVED, DESIRES) converted
into neo4j-admin's CSV, each row checked as `upg import` checks it (`bulk_files` does the
upg nodes and edges; `bulk_convert.convert` runs both)."""

from __future__ import annotations

import csv
from pathlib import Path

from upg.errors import Invalid
from upg.model.registry import BASE_LABEL
from upg.services.bulk_files import ACCOUNT_LABEL, ARRAY, bad_row, breaks, endpoint, rows
from upg.services.evidence import parse_time


def write_desires(path: Path, out: Path, ids: dict[str, set[str]]) -> int:
    """DESIRES (account -> outcome) with since."""
    seen: set[tuple[str, str]] = set()
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f":START_ID({ACCOUNT_LABEL})", f":END_ID({BASE_LABEL})", "since:datetime"])
        for line, row in rows(path, ("source", "target", "since")):
            account = row.get("source") or ""
            try:
                if account not in ids.get(ACCOUNT_LABEL, set()):
                    raise Invalid(f"no account {account!r} in accounts.csv", field="source")
                node = endpoint("OUTCOME", row.get("target") or "", ids, "target")
                since = parse_time(row.get("since"), "since").isoformat()
            except Invalid as exc:
                raise bad_row(path, line, exc) from None
            if (account, node) not in seen:
                seen.add((account, node))
                writer.writerow([account, node, since])
    return len(seen)


def write_accounts(path: Path, out: Path) -> tuple[set[str], bool]:
    """(the account ids, whether a name holds a line break)."""
    ids: set[str] = set()
    multiline = False
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"id:ID({ACCOUNT_LABEL})", "name", "signed_up_at:datetime"])
        for line, row in rows(path, ("id", "name", "signed_up_at")):
            account = row.get("id") or ""
            try:
                if not account or len(account) > 128 or not account.isprintable():
                    raise Invalid(f"must be 1..128 printable characters: {account!r}", field="id")
                signed_up = parse_time(row.get("signed_up_at"), "signed_up_at")
            except Invalid as exc:
                raise bad_row(path, line, exc) from None
            if account not in ids:
                ids.add(account)
                name = row.get("name") or ""
                multiline = multiline or breaks([name])
                writer.writerow([account, name, signed_up.isoformat()])
    return ids, multiline


def write_account_edges(path: Path, out: Path, key: str, ids: dict[str, set[str]]) -> int:
    """USES (account -> product), REACHED and ACHIEVED (with at, times and count)."""
    timed = key != "PRODUCT"
    seen: set[tuple[str, str]] = set()
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = [f":START_ID({ACCOUNT_LABEL})", f":END_ID({BASE_LABEL})"]
        writer.writerow(header + (["at:datetime", "times:datetime[]", "count:long"] * timed))
        known = ("source", "target", *(("at", "times") if timed else ()))
        for line, row in rows(path, known):
            account = row.get("source") or ""
            try:
                if account not in ids.get(ACCOUNT_LABEL, set()):
                    raise Invalid(f"no account {account!r} in accounts.csv", field="source")
                node = endpoint(key, row.get("target") or "", ids, "target")
                cells = [account, node]
                if timed:
                    times = {parse_time(row.get("at"), "at")}
                    extra = (row.get("times") or "").split(ARRAY)
                    times |= {parse_time(t, "times") for t in extra if t}
                    ordered = sorted(times)
                    cells += [ordered[0].isoformat(), ARRAY.join(t.isoformat() for t in ordered)]
                    cells.append(str(len(ordered)))
            except Invalid as exc:
                raise bad_row(path, line, exc) from None
            if (account, node) not in seen:
                seen.add((account, node))
                writer.writerow(cells)
    return len(seen)
