"""CPU-bound statistics in a worker process, so the API's event loop keeps answering.

On the event loop a backtest of 100k accounts would stall every other request; in a thread it
would still hold the GIL the loop needs. One worker (reports queue rather than take every core),
started with spawn, not fork: the parent runs threads (the driver's, uvicorn's).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_POOL: ProcessPoolExecutor | None = None


async def elsewhere(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in the worker process (`work` and the arguments must pickle)."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_POOL, work, *args)
