"""`figwatch figures` output: matches grouped under their story, a history headed by its name."""

from __future__ import annotations

from typing import Any

import pytest

from streams.commands.figures import format_history, format_matches


def match(key: str, quantity: str, story_key: str | None, story: str) -> dict[str, Any]:
    return {
        "metric_key": key,
        "label": f"{quantity}: {story}",
        "quantity": quantity,
        "story_key": story_key,
        "story": story,
        "score": 2,
    }


QUAKE = ("earthquake|morocco", "earthquake in Morocco, Sep 2023")
FLOOD = ("flood|libya", "flood in Libya, Sep 2023")


@pytest.mark.parametrize(
    ("matches", "expected"),
    [
        pytest.param(
            [match("morocco|killed", "people killed", *QUAKE),
             match("libya|missing", "people missing", *FLOOD),
             match("morocco|injured", "people injured", *QUAKE)],
            [
                "FIGURE            NOW   REPORTS  METRIC KEY",
                "earthquake in Morocco, Sep 2023  (earthquake|morocco)",
                "  people killed   2,122 (2023-09-11)  3        morocco|killed",
                "  people injured  -     -        morocco|injured",
                "flood in Libya, Sep 2023  (flood|libya)",
                "  people missing  -     -        libya|missing",
            ],
            id="a story's figures together, stories in order of their best match",
        ),
        pytest.param(
            [{"metric_key": "old|key", "label": "foreign fighters joined ISIS (Syria)"}],
            [
                "FIGURE                                  NOW  REPORTS  METRIC KEY",
                "no story",
                "  foreign fighters joined ISIS (Syria)  -    -        old|key",
            ],
            id="a figure kept before stories, named by its label",
        ),
    ],
)  # fmt: skip
def test_matches_are_listed_under_their_story(
    matches: list[dict[str, Any]], expected: list[str]
) -> None:
    views = {"morocco|killed": {"current": {"figure": "2,122 (2023-09-11)", "reports": 3}}}
    lines = format_matches(matches, views).splitlines()
    assert [" ".join(line.split()) for line in lines] == [" ".join(e.split()) for e in expected]


def test_a_history_is_headed_by_its_quantity_story_and_story_key() -> None:
    view = match("morocco|killed", "people killed", *QUAKE) | {
        "current": None,
        "observations": [],
        "alerts": 0,
        "evicted": 0,
    }
    assert format_history(view).splitlines()[:2] == [
        "people killed — earthquake in Morocco, Sep 2023  (morocco|killed)",
        "story key: earthquake|morocco (--story lists the story's figures)",
    ]
