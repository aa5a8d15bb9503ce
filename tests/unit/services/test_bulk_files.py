"""The import layout converted into neo4j-admin files (`upg db import-bulk`'s checking half)."""

from __future__ import annotations

import csv
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from upg.errors import Invalid
from upg.services.bulk_convert import convert
from upg.services.bulk_files import NAMESPACE, node_id

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
M1 = "6F1C2A8E-3B4D-4E5F-8A9B-0C1D2E3F4A5B"
LAYOUT = {
    "products.csv": "id,title,tags\ndocflow,DocFlow,a|b\n",
    "health_scores.csv": "id,title\ns,Trial health\n",
    "outcomes.csv": "id,title\no,Converts\n",
    "milestones.csv": (
        "id,title,status,milestone_type,target_date,created_at\n"
        f"{M1},Second editor,done,trial,2026-03-31,2026-01-05T09:30:00+00:00\n"
        "MS-2,Profile,,,,\nMS-3,Tutorial,,,,\nMS-4,Theme,,,,\n"
    ),
    "celebrates_via.csv": "source,target\ndocflow,MS-2\n",
    "contains.csv": f"source,target,weight\ns,{M1},2.5\ns,MS-2,\ns,MS-2,4\n",
    "validates.csv": f"source,target\n{M1},o\nMS-3,o\n",
}


def _write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _key(type_key: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{type_key}:{key}"))


def test_convert_types_maps_ids_and_computes_the_kept_class(tmp_path: Path) -> None:
    files = convert(_write(tmp_path / "in", LAYOUT), tmp_path / "out", NOW)
    assert files.counts == {
        "CELEBRATES_VIA": 1, "CONTAINS": 2, "VALIDATES": 2,
        "PRODUCT": 1, "OUTCOME": 1, "CUSTOMER_HEALTH_SCORE": 1, "SUCCESS_MILESTONE": 4,
    }  # fmt: skip
    assert files.entities == 12
    labels = dict(files.nodes)
    milestones = _read(labels["UpgNode:SuccessMilestone"])
    by_id = {row["id:ID(UpgNode)"]: row for row in milestones}
    first = by_id[M1.lower()]
    assert first["external_id"] == "" and first["achieved:boolean"] == "true"
    assert first["milestone_class"] == "VALIDATED" and first["target_date:date"] == "2026-03-31"
    assert first["created_at:datetime"] == "2026-01-05T09:30:00+00:00"
    assert first["updated_at:datetime"] == first["created_at:datetime"]
    ms2 = by_id[_key("SUCCESS_MILESTONE", "MS-2")]
    assert (ms2["external_id"], ms2["status"], ms2["achieved:boolean"]) == ("MS-2", "todo", "false")
    assert ms2["milestone_class"] == "VANITY" and ms2["created_at:datetime"] == NOW.isoformat()
    assert by_id[_key("SUCCESS_MILESTONE", "MS-3")]["milestone_class"] == "UNTRACKED"
    assert by_id[_key("SUCCESS_MILESTONE", "MS-4")]["milestone_class"] == "ORPHAN"
    product = _read(labels["UpgNode:Product"])[0]
    assert product["tags:string[]"] == "a|b" and product["status"] == "active"
    contains = _read(dict(files.edges)["CONTAINS"])
    # A repeated (source, target) is one edge: the first row wins; an empty weight is 1.0.
    assert [row["weight:double"] for row in contains] == ["2.5", "1.0"]
    assert contains[0][":START_ID(UpgNode)"] == _key("CUSTOMER_HEALTH_SCORE", "s")


def test_node_id_keeps_uuids_and_maps_keys() -> None:
    assert node_id("PRODUCT", M1) == (M1.lower(), None)
    assert node_id("PRODUCT", "docflow") == (_key("PRODUCT", "docflow"), "docflow")
    assert node_id("OUTCOME", "docflow")[0] != node_id("PRODUCT", "docflow")[0]
    with pytest.raises(Invalid):
        node_id("PRODUCT", "")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("products.csv", "id,title,colour\np,P,red\n", "unknown columns colour"),
        ("milestones.csv", "id,title,status\nm,M,done\nn,N,flying\n", "milestones.csv line 3"),
        ("milestones.csv", "id,title,status,achieved\nm,M,todo,true\n", "achieved"),
        ("milestones.csv", "id,title,created_at\nm,M,2026-01-05T09:30:00\n", "offset"),
        ("contains.csv", "source,target,weight\ns,MS-2,0\n", "contains.csv line 2: weight"),
        ("validates.csv", "source,target\nMS-2,nowhere\n", "validates.csv line 2: target"),
        ("celebrates_via.csv", "source,target\nMS-2,docflow\n", "celebrates_via.csv line 2"),
        ("products.csv", "id,title\np,\n", "products.csv line 2: title"),
    ],
)
def test_a_bad_row_refuses_the_import_naming_file_line_and_field(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    # A node file alone (the layout's edges would name its missing ids); an edge file with
    # the layout's nodes.
    edges = {"celebrates_via.csv", "contains.csv", "validates.csv"}
    files = {**LAYOUT, name: text} if name in edges else {name: text}
    source = _write(tmp_path / "in", files)
    with pytest.raises(Invalid) as caught:
        convert(source, tmp_path / "out", NOW)
    assert expected in caught.value.message


def test_a_directory_without_layout_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Invalid, match="no file of the import layout"):
        convert(_write(tmp_path / "in", {"notes.txt": "hi"}), tmp_path / "out", NOW)


def test_desires_convert_with_since_and_a_bad_since_refuses(tmp_path: Path) -> None:
    accounts = {"accounts.csv": "id,name,signed_up_at\nacct-1,Acme,2026-01-05\n"}
    desires = "source,target,since\nacct-1,o,2026-01-06\nacct-1,o,2026-02-01\n"
    source = _write(tmp_path / "in", {**LAYOUT, **accounts, "desires.csv": desires})
    files = convert(source, tmp_path / "out", NOW)
    assert files.counts["DESIRES"] == 1
    (row,) = _read(dict(files.edges)["DESIRES"])
    assert row[":END_ID(UpgNode)"] == _key("OUTCOME", "o")
    assert row["since:datetime"] == "2026-01-06T00:00:00+00:00"
    bad = "source,target,since\nacct-1,o,soon\n"
    again = _write(tmp_path / "bad", {**LAYOUT, **accounts, "desires.csv": bad})
    with pytest.raises(Invalid) as caught:
        convert(again, tmp_path / "out2", NOW)
    assert "desires.csv" in caught.value.message and "since" in caught.value.message


def test_line_breaks_in_a_cell_ask_for_multiline_parsing_only_when_present(
    tmp_path: Path,
) -> None:
    # neo4j-admin parses a file on one thread with --multiline-fields=true: only when needed.
    plain = convert(_write(tmp_path / "plain", LAYOUT), tmp_path / "plain-out", NOW)
    assert plain.multiline is False
    broken = dict(LAYOUT, **{"outcomes.csv": 'id,title,description\no,Converts,"two\nlines"\n'})
    files = convert(_write(tmp_path / "broken", broken), tmp_path / "broken-out", NOW)
    assert files.multiline is True
    [row] = _read(tmp_path / "broken-out" / "nodes-OUTCOME.csv")
    assert row["description"] == "two\nlines"
    named = {"accounts.csv": 'id,name,signed_up_at\nacme,"Acme\r\nInc",2026-01-01T00:00:00+00:00\n'}
    accounts = convert(_write(tmp_path / "acc", named), tmp_path / "acc-out", NOW)
    assert accounts.multiline is True


def test_converting_on_two_processes_writes_the_same_files(tmp_path: Path) -> None:
    accounts = {
        "accounts.csv": "id,name,signed_up_at\nacct-1,Acme,2026-01-05\n",
        "uses.csv": "source,target\nacct-1,docflow\n",
        "desires.csv": "source,target,since\nacct-1,o,2026-01-06\n",
    }
    source = _write(tmp_path / "in", {**LAYOUT, **accounts})
    one = convert(source, tmp_path / "one", NOW)
    two = convert(source, tmp_path / "two", NOW, workers=2)
    assert (two.counts, two.multiline) == (one.counts, one.multiline)
    assert [(label, path.name) for label, path in two.nodes + two.edges] == [
        (label, path.name) for label, path in one.nodes + one.edges
    ]
    for _, path in one.nodes + one.edges:
        assert (tmp_path / "two" / path.name).read_text() == path.read_text(), path.name
    assert {
        row["milestone_class"] for row in _read(tmp_path / "two" / "nodes-SUCCESS_MILESTONE.csv")
    } == {"VALIDATED", "VANITY", "UNTRACKED", "ORPHAN"}


def test_a_bad_row_on_two_processes_is_the_error_of_the_sequential_order(tmp_path: Path) -> None:
    # Two bad files: the node file's id is read first, as on one process.
    bad = {
        **LAYOUT,
        "products.csv": "id,title\n,P\n",
        "validates.csv": "source,target\nMS-2,nowhere\n",
    }
    with pytest.raises(Invalid) as caught:
        convert(_write(tmp_path / "in", bad), tmp_path / "out", NOW, workers=2)
    assert caught.value.message.startswith("products.csv line 2"), caught.value.message
