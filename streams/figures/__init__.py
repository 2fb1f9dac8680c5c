"""Figure tracking over time: per-metric-key histories in event time and the alerts they raise.

Semantics (pure functions; the Faust agent and the replay mode call the same ones):

* A history keeps every report (observation) of one metric key ordered by event time:
  ``published_at``, ties broken by article id then claim id. A report that arrives late is
  placed where it belongs. Only the latest ``ChangeRules.max_observations`` (default 200)
  reports by event time are kept; a report older than every report of a full history is
  dropped at once. A claim id already present changes nothing, so resends and reprocessing
  are harmless, and the same set of claims in any arrival order gives the same history.
* Two reports of different articles agree (corroborate) when their representatives are equal,
  when either is approximate and the other lies within the relative tolerance of it, when a
  range or vague count contains the other's value (widened by the tolerance if approximate),
  or when two ranges or vague counts overlap. Otherwise they differ; an exact count that moves
  at all differs. Differences smaller than ``min_change`` (default 0) are muted.
* The figure that stood before a report is the latest earlier report of another article (not
  a consensus: figures such as death tolls legitimately move, so the newest word stands; the
  support counts show how many articles back each side). Claims of one article are never
  compared with each other.
* A new report is compared with the figure that stood before it; when it arrived late, the
  next report of another article is also compared with it, because it now stands before that
  one. A differing pair raises exactly one alert: ``figure_conflict`` when the two come from
  different sources within ``conflict_window_days`` (default 7) of each other and contradict
  each other's bounds, otherwise ``figure_changed`` (a refinement such as "at least 237" then
  "at least 592" is a change even between sources). A pair already alerted on is never
  alerted again (its claim ids are kept in the history while both reports are retained).
* Alert ids are the sha256 of the metric key and the two claim ids, so reprocessing repeats
  them. Severity: ``critical`` for a contradiction that is also large (|change| >= 50% or
  unmeasurable), ``warning`` for either, ``info`` otherwise. ``emitted_at`` is left to the
  sender.
"""

from streams.figures.alerts import alert_id, severity
from streams.figures.history import event_order, observe
from streams.figures.query import current_figure, figure_entry, history_view, search_figures
from streams.figures.rules import ChangeRules, Comparison, agree, compare, contradicts
from streams.figures.summary import format_figure, summarize

__all__ = [
    "ChangeRules",
    "Comparison",
    "agree",
    "alert_id",
    "compare",
    "contradicts",
    "current_figure",
    "event_order",
    "figure_entry",
    "format_figure",
    "history_view",
    "observe",
    "search_figures",
    "severity",
    "summarize",
]
