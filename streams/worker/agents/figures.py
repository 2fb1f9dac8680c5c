"""Agent of the figures stage: claim records to figure histories and alert events.

The stage takes the records that are waiting (see ``FIGWATCH_BATCH_MAX``); each figure's
history is written to the table once per batch, not once per claim.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import faust

from schemas.alert import Alert
from schemas.claim import Claim, ClaimBatch
from schemas.codec import encode
from streams.event_time import hour_start, ingest_time
from streams.figures.rules import ChangeRules
from streams.figures.tracker import FigureTracker
from streams.figures.write_back import WriteBack
from streams.logs import get_logger
from streams.settings import get_settings
from streams.stage_rules import untracked_reason
from streams.worker import metrics, tables, topics
from streams.worker.agents.common import batches, by_partition, handle_record, in_partition_of
from streams.worker.agents.retention import Retention, SweptTable
from streams.worker.app import app

STAGE = "figures"
_log = get_logger(STAGE)
_settings = get_settings()
_histories = WriteBack(tables.figures)
_tracker = FigureTracker(ChangeRules.from_settings(_settings), _histories, as_json=True)
_retention = Retention(
    SweptTable(
        "figures",
        tables.figures_table,
        lambda keys, cutoff: _tracker.expire(keys, hour_start(cutoff)),
        _histories.flush,
    ),
    retention_days=_settings.figure_retention_days,
    every=_settings.figure_sweep_every,
    budget=_settings.figure_sweep_budget,
)

alert_listeners: list[Callable[[Alert], None]] = []
"""Called with every alert sent (the worker's timeline page keeps the latest)."""


def _clock(partition: int) -> Callable[[int], int | None]:
    def advance(hour: int) -> int | None:
        _retention.on_event(partition, hour)
        return _retention.cutoff(partition)

    return advance


async def _track(event: faust.EventT, batch: ClaimBatch) -> None:
    clock = _clock(int(event.message.partition))
    for claim in batch.claims:
        ingested_at = claim.ingested_at or ingest_time(event.message.timestamp, datetime.now(UTC))
        reason = untracked_reason(claim, ingested_at, clock)
        metrics.CLAIMS_TRACKED.labels(kind=reason or "tracked").inc()
        if reason is not None:
            _untracked(claim, reason)
            continue
        for alert in _tracker.observe(claim):
            await _send(claim, alert)


def _first_article(batch: ClaimBatch) -> str:
    return batch.claims[0].article_id


def _untracked(claim: Claim, reason: str) -> None:
    stated = claim.published_at_out_of_range
    _log.info(
        "claim_untracked",
        reason=reason,
        article_id=claim.article_id,
        metric_key=claim.metric_key,
        published_at=claim.published_at.isoformat(),
        published_at_out_of_range=stated.isoformat() if stated else None,
    )


async def _send(claim: Claim, alert: Alert) -> None:
    sent_at = datetime.now(UTC)
    sent = alert.model_copy(update={"emitted_at": sent_at})
    await topics.alerts.send(key=alert.metric_key.encode(), value=encode(sent))
    for listener in alert_listeners:
        listener(sent)
    metrics.ALERTS_EMITTED.labels(kind=alert.kind).inc()
    if claim.ingested_at is not None:
        metrics.INGEST_TO_ALERT_SECONDS.observe((sent_at - claim.ingested_at).total_seconds())
    _log.info(
        "alert_emitted",
        article_id=claim.article_id,
        metric_key=alert.metric_key,
        alert_id=alert.alert_id,
        kind=alert.kind,
        summary=alert.summary,
    )


@app.agent(topics.claims, name="figwatch.figures")
async def track(stream: faust.StreamT) -> AsyncIterator[None]:
    """Add every claim to its figure's history and send the alerts it raises."""
    async for events in batches(stream):
        for group in by_partition(events).values():
            with in_partition_of(group[-1]):
                try:
                    for event in group:
                        await handle_record(event, ClaimBatch, STAGE, _track, _first_article)
                finally:
                    # Whatever was tracked is kept, also when a later record halts the stage.
                    _histories.flush()
        yield None
