"""The figure history of one metric key: placing reports in event time and alerting on change."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from schemas.alert import Alert, AlertKind
from schemas.claim import Claim
from schemas.figure import FigureHistory
from schemas.observation import Observation
from streams.figures.alerts import alert_id, build_alert, figure_signature
from streams.figures.rules import ChangeRules, agree, compare, contradicts
from streams.figures.summary import figure_name

MAX_ALERTED = 1000
"""Alert ids remembered per key; older ones are forgotten first."""
_BOUND_RULES = ChangeRules()
"""Default tolerances, for telling whether a bound only confirms an earlier precise count."""


def event_order(obs: Observation) -> tuple[datetime, str, str]:
    """Return the sort key of reports: publication time, then article id, then claim id."""
    return obs.published_at, obs.article_id, obs.claim_id


def standing_index(observations: Sequence[Observation], index: int) -> int | None:
    """Return the index of the figure that stood before ``observations[index]``, if any.

    That is the latest earlier report of the same story that stands (an article's own
    current value) from another article: claims of one article never stand against each
    other, and reports further apart than the story's window belong to two stories.
    """
    standing = _earlier_standing(observations, index, index)
    if standing is None or observations[standing].qualifier == "exact":
        return standing
    # "more than 100,000" after 101,820 only bounds the count already known: the change the
    # next report makes is from 101,820, the figure a reader already had.
    before = _earlier_standing(observations, index, standing)
    if (
        before is not None
        and observations[before].qualifier == "exact"
        and not contradicts(observations[before], observations[standing], _BOUND_RULES)
    ):
        return before
    return standing


def _earlier_standing(observations: Sequence[Observation], index: int, below: int) -> int | None:
    """The latest report before ``below`` that may stand against ``observations[index]``."""
    new = observations[index]
    window = timedelta(days=new.story_window_days)
    for earlier in range(below - 1, -1, -1):
        obs = observations[earlier]
        beyond = new.published_at - obs.published_at > window
        if beyond and new.event_day is None:
            return None
        # A report dated to the event ("the Oct 14 attack") reaches back to the event's
        # reports that are dated too, however long ago: a committee's final toll months on.
        if beyond and not same_event_day(obs, new):
            continue
        if (
            _other_report(obs, new)
            and obs.stands
            and same_story(obs, new)
            and not _presumed_other_event(observations, earlier, new)
        ):
            return earlier
    return None


def _presumed_other_event(
    observations: Sequence[Observation], earlier: int, new: Observation
) -> bool:
    """Whether an undated report continues a dated event other than ``new``'s.

    A report that names no day continues the dated report before it: the hotel attack of
    the 28th is not compared with an undated toll of the truck bombing of the 14th.
    """
    if new.event_day is None or observations[earlier].event_day is not None:
        return False
    for before in range(earlier - 1, -1, -1):
        obs = observations[before]
        if obs.event_day is not None and same_story(obs, observations[earlier]):
            return _other_event_day(obs, new)
    return False


def _other_report(a: Observation, b: Observation) -> bool:
    # Claims of one article never stand against each other; an update of it (a new version)
    # does stand against the version it replaces.
    return a.article_id != b.article_id or a.version != b.version


def same_story(a: Observation, b: Observation) -> bool:
    """Whether two reports of one place and quantity tell one story.

    They do when their events agree, or when one of them names none ("the death toll rose to
    122" after "floods in Jeddah").
    """
    kinds = a.story_kind == b.story_kind or "-" in (a.story_kind, b.story_kind)
    return kinds and not _other_event_day(a, b)


def same_event_day(a: Observation, b: Observation) -> bool:
    """Whether both reports date their event, to days that may be one."""
    if a.event_day is None or b.event_day is None:
        return False
    return abs((a.event_day - b.event_day).days) <= a.event_day_margin + b.event_day_margin


def _other_event_day(a: Observation, b: Observation) -> bool:
    # Two attacks in one city a fortnight apart: both reports date their event, to days
    # too far apart to be one.
    return a.event_day is not None and b.event_day is not None and not same_event_day(a, b)


def story_start(observations: Sequence[Observation], index: int) -> datetime:
    """When the story of ``observations[index]`` began.

    That is its first report with no gap longer than the story's window on the way to this
    one.
    """
    new = observations[index]
    window = timedelta(days=new.story_window_days)
    start = new.published_at
    for earlier in range(index - 1, -1, -1):
        obs = observations[earlier]
        if start - obs.published_at > window:
            break
        if same_story(obs, new):
            start = obs.published_at
    return start


def story_name(observations: Sequence[Observation], index: int) -> str:
    """The story of ``observations[index]`` in words, as its alerts name it.

    With the month the story began (``earthquake in Morocco, Sep 2023``); empty when the
    report has no story.
    """
    obs = observations[index]
    if obs.story_key is None or not obs.story_label:
        return ""
    return f"{obs.story_label}, {story_start(observations, index):%b %Y}"


def change_id(
    metric_key: str, observations: Sequence[Observation], earlier: int, later: int
) -> str:
    """The alert id of the change from ``observations[earlier]`` to ``observations[later]``."""
    return alert_id(
        metric_key,
        observations[earlier],
        observations[later],
        occurrence(observations, earlier, later),
    )


def occurrence(observations: Sequence[Observation], earlier: int, later: int) -> int:
    """How many times the same change happened before ``later`` in the history.

    The same change seen again after the figure moved back (100 -> 200, back to 100, then
    200 once more) is a new occurrence with a new id; the same change carried by another
    article at the same place of the history is the same occurrence, whatever arrived first.
    """
    before = figure_signature(observations[earlier])
    after = figure_signature(observations[later])
    count = 0
    for index in range(later):
        if not observations[index].stands or figure_signature(observations[index]) != after:
            continue
        stood = standing_index(observations, index)
        if stood is not None and figure_signature(observations[stood]) == before:
            count += 1
    return count


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
        history = FigureHistory(
            metric_key=claim.metric_key, label=claim.label, quantity_label=claim.quantity_label
        )
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
    if _repeats(history.observations, new):
        # A copy of a report already in the history, re-published later (outside the dedup
        # window): the same sentence is not a new report of the figure.
        return history, []

    observations = list(history.observations)
    bisect.insort(observations, new, key=event_order)
    overflow = max(0, len(observations) - rules.max_observations)
    observations = observations[overflow:]
    kept = {o.claim_id for o in observations}
    alerted = list(history.alerted)

    alerts: list[Alert] = []
    if new.claim_id in kept and new.stands:
        index = next(i for i, o in enumerate(observations) if o.claim_id == new.claim_id)
        label = claim.label or history.label
        for earlier, later in _pairs_to_check(observations, index):
            alert = _judge(history, label, observations, earlier, later, rules)
            if alert is not None and alert.alert_id not in alerted:
                alerted.append(alert.alert_id)
                alerts.append(alert)

    updated = history.model_copy(
        update={
            "label": history.label or claim.label,
            "observations": observations,
            "alerted": alerted[-MAX_ALERTED:],
            "evicted": history.evicted + overflow,
        }
    )
    return updated, alerts


def _repeats(observations: Sequence[Observation], new: Observation) -> bool:
    sentence = " ".join(new.evidence.split())
    return any(
        o.article_id != new.article_id
        and o.value_low == new.value_low
        and o.value_high == new.value_high
        and " ".join(o.evidence.split()) == sentence
        for o in observations
    )


def _alerts_again(
    history: FigureHistory, index: int, label: str, rules: ChangeRules
) -> list[Alert]:
    observations = history.observations
    if not observations[index].stands:
        return []
    again = []
    for earlier, later in _pairs_to_check(observations, index):
        alert = _judge(history, label, observations, earlier, later, rules)
        if alert is not None and alert.alert_id in history.alerted:
            again.append(alert)
    return again


def _pairs_to_check(observations: Sequence[Observation], index: int) -> Iterator[tuple[int, int]]:
    # The new report against the figure that stood before it; and, when it arrived late,
    # the next standing report of another article against the new report, which now stands
    # before it.
    before = standing_index(observations, index)
    if before is not None:
        yield before, index
    after = next(
        (
            j
            for j in range(index + 1, len(observations))
            if _other_report(observations[j], observations[index])
            and observations[j].stands
            and same_story(observations[j], observations[index])
        ),
        None,
    )
    if after is not None and standing_index(observations, after) == index:
        yield index, after


def _judge(
    history: FigureHistory,
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
    story = story_name(observations, later)
    if story:
        label = figure_name(history.quantity_label, story, label)
    return build_alert(
        kind=kind,
        metric_key=history.metric_key,
        label=label,
        story_key=current.story_key,
        story=story,
        quantity=history.quantity_label,
        previous=previous,
        current=current,
        comparison=comparison,
        support_previous=support(observations, earlier, later, rules),
        support_current=support(observations, later, later, rules),
        occurrence=occurrence(observations, earlier, later),
    )
