"""`upg db verify`: is each milestone's kept class the one its edges give? Optionally repair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from upg.model.audit import ClassDrift

REPAIR_BATCH = 10_000
EXAMPLES = 5


class ClassStore(Protocol):
    async def drift(self, examples: int) -> list[ClassDrift]: ...
    async def repair(self, batch: int) -> int: ...


@dataclass(frozen=True)
class VerifyReport:
    drift: tuple[ClassDrift, ...]
    """What was found before any repair."""
    repaired: int
    """Milestones whose class was refreshed (0 unless repair was asked for)."""

    @property
    def drifted(self) -> int:
        return sum(group.count for group in self.drift)


async def verify(store: ClassStore, *, repair: bool = False) -> VerifyReport:
    """Recompute every milestone's class from its edges and report drift; repair it if asked."""
    found = tuple(await store.drift(EXAMPLES))
    repaired = 0
    if repair and found:
        while done := await store.repair(REPAIR_BATCH):
            repaired += done
    return VerifyReport(found, repaired)
