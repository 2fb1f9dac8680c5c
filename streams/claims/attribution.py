"""Who said so: the source named around a figure's attribution cue, in the article's wording."""

from __future__ import annotations

from streams.claims.frame import SentenceView

_MAX_WORDS = 8
_CUES = ("before_source", "after_source")
_DETACHED_PREPOSITIONS = frozenset({"ل", "لل", "ب"})


def attribution_span(view: SentenceView, left: int, right: int) -> tuple[int, int] | None:
    """Folded-text span of the source of the figure at tokens ``[left, right)``, if named.

    A cue that introduces its source ("said X", "according to X", قال، وفقا ل، بحسب) is taken
    nearest before the figure; a cue that follows it ("X said") nearest anywhere.
    """
    before = view.of("before_source")
    after = view.of("after_source")
    if not before and not after:
        return None
    stops = {i for m in view.of("stops") for i in range(m.first, m.last)}
    # Cues before the figure, nearest first, then cues after it ("..., according to X").
    for cue in sorted(before, key=lambda m: (m.last > left, abs(m.last - left))):
        span = _words(view, cue.last, 1, stops, right=left if cue.last <= left else None)
        if span:
            return span
    for cue in sorted(after, key=lambda m: abs(m.first - left)):
        span = _words(view, cue.first - 1, -1, stops, right=left if cue.first > left else None)
        if span:
            return span
    return None


def _words(
    view: SentenceView, index: int, step: int, stops: set[int], right: int | None
) -> tuple[int, int] | None:
    clause = view.clause_of(index) if 0 <= index < len(view.tokens) else (0, 0)
    taken: list[int] = []
    while clause[0] <= index < clause[1] and len(taken) < _MAX_WORDS:
        if not taken and step > 0 and view.tokens[index].text in _DETACHED_PREPOSITIONS:
            # "وفقا لـ"المرصد"": the preposition of the cue, cut off by a tatweel or a quote.
            index += 1
            continue
        if index in stops or index in view.number_tokens:
            break
        if step > 0 and right is not None and index >= right:
            break
        if step < 0 and right is not None and index < right:
            break
        cue = next(
            (m for kind in _CUES for m in view.of(kind) if m.first == index),
            None,
        )
        if cue is not None and step > 0 and cue.kind == "before_source":
            # "وفق حصيلة أعلنتها وزارة الداخلية", "according to what the ministry announced":
            # the nearer cue introduces the source.
            taken.clear()
            index = cue.last
            continue
        if cue is not None:
            break
        taken.append(index)
        index += step
    if not taken:
        return None
    first, last = min(taken), max(taken)
    start = view.tokens[first].start + _glued_preposition(view, first, step)
    return start, view.tokens[last].end


def _glued_preposition(view: SentenceView, index: int, step: int) -> int:
    # "وفقا للمرصد": the source is المرصد, the glued ل belongs to the cue.
    token = view.tokens[index]
    if step > 0 and token.text.startswith("ل") and "to" in token.roles:
        return 2 if token.text.startswith("لل") else 1
    return 0
