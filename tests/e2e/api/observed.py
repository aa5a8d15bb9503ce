"""A fresh app for observability tests (its own metrics registry, so counts start at zero)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette

from upg.api.app import create_app
from upg.config import Settings
from upg.observability import logs


@contextmanager
def logging_as(log_format: str) -> Iterator[None]:
    """The `upg` logger set up as `upg serve` sets it up, then put back as it was."""
    logger = logging.getLogger(logs.ROOT)
    handlers, level = logger.handlers[:], logger.level
    logs.setup(log_format)
    try:
        yield
    finally:
        logger.handlers[:] = handlers
        logger.setLevel(level)


@asynccontextmanager
async def observed_app(
    settings: Settings,
    headers: Mapping[str, str],
    *,
    tracer_provider: TracerProvider | None = None,
    **overrides: Any,
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """An app with `overrides` applied to `settings`, and a client sending `headers`; the `upg`
    logger is set up as `upg serve` would for it."""
    changed = settings.model_copy(update=overrides)
    app = create_app(changed, tracer_provider=tracer_provider)
    with logging_as(changed.log_format):
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://upg.test", headers=dict(headers)
            ) as client:
                yield app, client


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    """Every sample of a Prometheus text page, by (sample name, labels)."""
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value; KeyError names what is missing."""
    key = (name, frozenset(labels.items()))
    if key not in samples:
        raise KeyError(f"no sample {name}{labels}")
    return samples[key]


def label_values(samples: Samples, name: str, label: str) -> set[str]:
    return {dict(labels)[label] for (sample, labels) in samples if sample == name}


def label_names(samples: Samples, name: str) -> set[frozenset[str]]:
    return {frozenset(dict(labels)) for (sample, labels) in samples if sample == name}
