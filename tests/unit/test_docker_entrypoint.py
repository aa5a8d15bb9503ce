"""The container's start script loads the demo only when UPG_LOAD_DEMO=true (run with a fake
`upg` on PATH that records what it is asked to do)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENTRYPOINT = REPO / "scripts" / "docker-entrypoint"


def _start(
    tmp_path: Path, load_demo: str | None
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run the entry script; (its result, the `upg` commands it ran, one per line)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    calls = tmp_path / "calls"
    fake = bin_dir / "upg"
    fake.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\n')
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "UPG_LOAD_DEMO"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    if load_demo is not None:
        env["UPG_LOAD_DEMO"] = load_demo
    done = subprocess.run(
        [str(ENTRYPOINT), "--port", "9000"], env=env, capture_output=True, text=True, check=False
    )
    lines = calls.read_text().splitlines() if calls.exists() else []
    return done, lines


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes", "on"])
def test_demo_loads_when_asked(tmp_path: Path, value: str) -> None:
    done, calls = _start(tmp_path, value)
    assert done.returncode == 0, done.stderr
    assert calls == ["db migrate", "demo load", "serve --host 0.0.0.0 --port 9000"]


@pytest.mark.parametrize("value", [None, "", "false", "0", "off"])
def test_demo_is_left_out_otherwise(tmp_path: Path, value: str | None) -> None:
    done, calls = _start(tmp_path, value)
    assert done.returncode == 0, done.stderr
    assert calls == ["db migrate", "serve --host 0.0.0.0 --port 9000"]


def test_a_bad_value_stops_the_start_with_its_name(tmp_path: Path) -> None:
    done, calls = _start(tmp_path, "please")
    assert done.returncode == 2
    assert "UPG_LOAD_DEMO must be true or false, got 'please'" in done.stderr
    assert calls == []


def test_the_image_starts_with_the_script_and_compose_asks_for_the_demo() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "COPY scripts/docker-entrypoint /usr/local/bin/docker-entrypoint" in dockerfile
    assert 'CMD ["docker-entrypoint"]' in dockerfile
    assert "demo load" not in dockerfile
    compose = (REPO / "docker-compose.yml").read_text()
    assert "      UPG_LOAD_DEMO: ${UPG_LOAD_DEMO:-true}\n" in compose
    assert os.access(ENTRYPOINT, os.X_OK)
