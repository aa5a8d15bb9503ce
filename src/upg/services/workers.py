"""CPU-bound statistics off the event loop, in the worker process the composition root owns.

On the event loop a backtest of 100k accounts or Fisher's tests over thousands of pairs would
stall every other request; in a thread they would still hold the GIL the loop needs. A server's
`upg.bootstrap.Upg.statistics` is one worker process (started with spawn, shut down with the
container); batch jobs have none and compute in-process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

T = TypeVar("T")


async def elsewhere(statistics: Executor | None, work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` on `statistics` (`work` and the arguments must pickle), or right here when
    there is none."""
    if statistics is None:
        return work(*args)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(statistics, work, *args)
