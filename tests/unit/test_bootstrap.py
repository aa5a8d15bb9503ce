"""The composition root owns the evidence statistics worker: a server gets one, a batch job runs
statistics in-process, and closing the Upg stops the worker."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from upg.bootstrap import build
from upg.config import load_settings
from upg.model.evidence import EvidencePolicy, Table, evaluate
from upg.services import backtest, evidence, workers

TABLES = [("m1", "o1", Table(60, 40, 10, 90)), ("m2", "o1", Table(5, 5, 5, 5))]


async def test_a_server_runs_statistics_in_its_worker_and_stops_it_on_close(
    tmp_path: Path,
) -> None:
    upg = build(load_settings({"UPG_HOME": str(tmp_path)}))
    worker = upg.statistics
    assert isinstance(worker, ProcessPoolExecutor)
    try:
        assert worker.submit(os.getpid).result(timeout=60) != os.getpid()
        policy = EvidencePolicy()
        assert await evidence.evaluate_with(worker, TABLES, policy) == evaluate(TABLES, policy)
    finally:
        await upg.close()
    with pytest.raises(RuntimeError, match="shutdown"):
        worker.submit(os.getpid)


async def test_a_batch_job_runs_statistics_in_process(tmp_path: Path) -> None:
    upg = build(load_settings({"UPG_HOME": str(tmp_path)}), batch=True)
    try:
        assert upg.statistics is None
        policy = EvidencePolicy()
        assert await evidence.evaluate_with(None, TABLES, policy) == evaluate(TABLES, policy)
    finally:
        await upg.close()


def test_the_services_keep_no_worker_of_their_own() -> None:
    for module in (evidence, workers, backtest):
        assert not [
            name for name, value in vars(module).items() if isinstance(value, ProcessPoolExecutor)
        ]
        assert "_POOL" not in vars(module)
