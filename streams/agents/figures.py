"""Agent of the figures stage: claims to figure histories and alert events."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import faust

from schemas.alert import Alert
from schemas.claim import Claim
from schemas.codec import encode
from streams import metrics, tables, topics
from streams.agents.common import decode_or_dead_letter, send_dead_letter
from streams.agents.retention import Retention, SweptTable
from streams.app import app
from streams.event_time import hour_of, hour_start, ingest_time
from streams.figures.retention import why_untracked
from streams.figures.rules import ChangeRules
from streams.figures.tracker import FigureTracker
from streams.logs import get_logger
from streams.settings import get_settings
from streams.ui.views import recent_alerts

STAGE = "figures"
_log = get_logger(STAGE)
_settings = get_settings()
_tracker = FigureTracker(ChangeRules.from_settings(_settings), tables.figures, as_json=True)
# A history is a large value: sweep fewer keys, less often, than the dedup stages do.
_retention = Retention(
    SweptTable(
        "figures",
        tables.figures_table,
        lambda keys, cutoff: _tracker.expire(keys, hour_start(cutoff)),
    ),
    retention_days=_settings.figure_retention_days,
    every=64,
    budget=16,
)


def _track(claim: Claim, event: faust.EventT) -> list[Alert]:
    ingested_at = claim.ingested_at or ingest_time(event.message.timestamp, datetime.now(UTC))
    partition = int(event.message.partition)
    reason = why_untracked(claim, ingested_at, None)
    if reason is None:
        # A claim of known time moves its partition's clock, and sweeps when due, before the
        # window it must fall in is read; one of unknown time moves nothing.
        _retention.on_event(partition, hour_of(claim.published_at))
        cutoff = _retention.cutoff(partition)
        reason = why_untracked(claim, ingested_at, None if cutoff is None else hour_start(cutoff))
    if reason is not None:
        stated = claim.published_at_out_of_range
        _log.info(
            "claim_untracked",
            reason=reason,
            article_id=claim.article_id,
            metric_key=claim.metric_key,
            published_at=claim.published_at.isoformat(),
            published_at_out_of_range=stated.isoformat() if stated else None,
        )
        return []
    return _tracker.observe(claim)


@app.agent(topics.claims, name="figwatch.figures")
async def track(stream: faust.StreamT) -> AsyncIterator[None]:
    """Add every claim to its figure's history and send the alerts it raises."""
    async for event in stream.events():
        started = time.perf_counter()
        claim = await decode_or_dead_letter(event, Claim, STAGE)
        if claim is None:
            yield None
            continue
        try:
            alerts = _track(claim, event)
        except Exception as error:  # noqa: BLE001  (a bug on one claim must not stop the worker)
            _log.exception(
                "tracking_failed", article_id=claim.article_id, metric_key=claim.metric_key
            )
            await send_dead_letter(event, STAGE, "processing_error", repr(error), claim.article_id)
            yield None
            continue
        for alert in alerts:
            sent_at = datetime.now(UTC)
            sent = alert.model_copy(update={"emitted_at": sent_at})
            await topics.alerts.send(key=alert.metric_key.encode(), value=encode(sent))
            recent_alerts.append(sent)
            metrics.ALERTS_EMITTED.labels(kind=alert.kind).inc()
            if claim.ingested_at is not None:
                metrics.INGEST_TO_ALERT_SECONDS.observe(
                    (sent_at - claim.ingested_at).total_seconds()
                )
            _log.info(
                "alert_emitted",
                article_id=claim.article_id,
                metric_key=alert.metric_key,
                alert_id=alert.alert_id,
                kind=alert.kind,
                summary=alert.summary,
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
            )
        metrics.STAGE_SECONDS.labels(stage=STAGE).observe(time.perf_counter() - started)
        yield None
