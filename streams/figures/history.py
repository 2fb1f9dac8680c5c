"""The figure history of one metric key: placing reports in event time and alerting on change."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from datetime import datetime

from schemas.alert import Alert, AlertKind
from schemas.claim import Claim
from schemas.figure import FigureHistory
from schemas.observation import Observation
from streams.figures.alerts import alert_id, build_alert
from streams.figures.rules import ChangeRules, agree, compare

MAX_ALERTED = 1000
"""Alert ids remembered per key; older ones are forgotten first."""


def event_order(obs: Observation) -> tuple[datetime, str, str]:
    """Return the sort key of reports: publication time, then article id, then claim id."""
    return obs.published_at, obs.article_id, obs.claim_id


def standing_index(observations: Sequence[Observation], index: int) -> int | None:
    """Return the index of the figure that stood before ``observations[index]``, if any.

    That is the latest earlier report from another article: claims of one article never
    stand against each other.
    """
    article = observations[index].article_id
    for earlier in range(index - 1, -1, -1):
        if observations[earlier].article_id != article:
            return earlier
    return None


def support(observations: Sequence[Observation], index: int, upto: int, rules: ChangeRules) -> int:
    """Count articles in ``observations[: upto + 1]`` agreeing with ``observations[index]``."""
    target = observations[index]
    return len({o.article_id for o in observations[: upto + 1] if agree(o, target, rules)})


def observe(
    history: FigureHistory | None, claim: Claim, rules: ChangeRules
) -> tuple[FigureHistory, list[Alert]]:
    """Add a claim to its metric key's history; return the new history and the alerts it raises.

    Pure and deterministic. The claim is placed by event time, however late it arrives. A claim
    id already in the history changes nothing, but the alerts it raised are returned again
    with their ids, so a redelivery after a crash cannot lose them. When the history is
    over ``rules.max_observations`` the oldest reports are dropped; a report older than all
    of a full history is dropped at once and raises nothing.
    """
    if history is None:
        history = FigureHistory(metric_key=claim.metric_key, label=claim.label)
    elif history.metric_key != claim.metric_key:
        raise ValueError(
            f"claim for {claim.metric_key!r} given the history of {history.metric_key!r}"
        )
    new = claim.observation()
    present = next(
        (i for i, o in enumerate(history.observations) if o.claim_id == new.claim_id), None
    )
    if present is not None:
        # A redelivered claim (at-least-once after a crash): the alerts it raised may have
        # been lost with the process that sent them, so they go out again under their ids.
        label = claim.label or history.label
        return history, _alerts_again(history, present, label, rules)

    observations = list(history.observations)
    bisect.insort(observations, new, key=event_order)
    overflow = max(0, len(observations) - rules.max_observations)
    observations = observations[overflow:]
    kept = {o.claim_id for o in observations}
    alerted = list(history.alerted)

    alerts: list[Alert] = []
    if new.claim_id in kept:
        index = next(i for i, o in enumerate(observations) if o.claim_id == new.claim_id)
        label = claim.label or history.label
        for earlier, later in _pairs_to_check(observations, index):
            identity = alert_id(history.metric_key, observations[earlier], observations[later])
            if identity in alerted:
                continue
            alert = _judge(history.metric_key, label, observations, earlier, later, rules)
            if alert is not None:
                alerted.append(identity)
                alerts.append(alert)

    updated = FigureHistory(
        metric_key=history.metric_key,
        label=history.label or claim.label,
        observations=observations,
        alerted=alerted[-MAX_ALERTED:],
        evicted=history.evicted + overflow,
    )
    return updated, alerts


def _alerts_again(
    history: FigureHistory, index: int, label: str, rules: ChangeRules
) -> list[Alert]:
    observations = history.observations
    again = []
    for earlier, later in _pairs_to_check(observations, index):
        identity = alert_id(history.metric_key, observations[earlier], observations[later])
        if identity in history.alerted:
            alert = _judge(history.metric_key, label, observations, earlier, later, rules)
            if alert is not None:
                again.append(alert)
    return again


def _pairs_to_check(observations: Sequence[Observation], index: int) -> Iterator[tuple[int, int]]:
    # The new report against the figure that stood before it; and, when it arrived late,
    # the next report of another article against the new report, which now stands before it.
    before = standing_index(observations, index)
    if before is not None:
        yield before, index
    article = observations[index].article_id
    after = next(
        (j for j in range(index + 1, len(observations)) if observations[j].article_id != article),
        None,
    )
    if after is not None and standing_index(observations, after) == index:
        yield index, after


def _judge(
    metric_key: str,
    label: str,
    observations: Sequence[Observation],
    earlier: int,
    later: int,
    rules: ChangeRules,
) -> Alert | None:
    previous, current = observations[earlier], observations[later]
    comparison = compare(previous, current, rules)
    if not comparison.alertable:
        return None
    kind: AlertKind = "figure_changed"
    # Sources conflict only when both reports cannot hold at once: "at least 237" then "at
    # least 592" from another outlet a day later is a rising toll, not a disagreement.
    if (
        comparison.contradicts
        and previous.source != current.source
        and current.published_at - previous.published_at <= rules.conflict_window
    ):
        kind = "figure_conflict"
    return build_alert(
        kind=kind,
        metric_key=metric_key,
        label=label,
        previous=previous,
        current=current,
        comparison=comparison,
        support_previous=support(observations, earlier, later, rules),
        support_current=support(observations, later, later, rules),
    )
