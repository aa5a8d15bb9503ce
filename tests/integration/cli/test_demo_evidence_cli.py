"""`upg demo load`, `upg demo cohort`, `upg evidence compute` and `import` through the CLI."""

from pathlib import Path

from click.testing import CliRunner

from upg.cli.main import cli
from upg.services import demo


def test_demo_load_twice_changes_nothing() -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "load"])
    assert first.exit_code == 0, first.output
    assert f"{len(demo.NODES)} nodes and {len(demo.EDGES)} edges created" in first.output
    again = runner.invoke(cli, ["demo", "load"])
    assert "nothing changed" in again.output


def test_cohort_then_compute() -> None:
    runner = CliRunner()
    loaded = runner.invoke(
        cli, ["demo", "cohort", "--accounts", "1500", "--seed", "4", "--as-of", "2026-11-23"]
    )
    assert loaded.exit_code == 0, loaded.output
    assert "1,500 accounts" in loaded.output
    computed = runner.invoke(cli, ["evidence", "compute", "--as-of", "2026-11-23"])
    assert computed.exit_code == 0, computed.output
    line = next(line for line in computed.output.splitlines() if demo.SECOND_EDITOR.title in line)
    assert line.split()[0] == "VALIDATED"


def test_import_exit_code_reports_rejects(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "load"]).exit_code == 0
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        f"id,name,signed_up_at,products\na1,A,2026-01-05,{demo.DOCFLOW.id}\na2,B,soon,\n"
    )
    rejects = tmp_path / "rejects.csv"
    result = runner.invoke(cli, ["evidence", "import", str(accounts), "--rejects", str(rejects)])
    assert result.exit_code == 1
    assert "Imported 1 accounts" in result.output
    assert "accounts.csv:3: signed_up_at" in result.output
    assert rejects.read_text().splitlines()[1].startswith("accounts.csv,3,")
