from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.dedup.content import (
    article_ref,
    content_lines,
    fingerprint,
    openings,
    shingles,
    text_lines,
)

BODY_AR = "قالت الوزارة إن ٣٠٠ مقاتل عادوا هذا العام.\nوأضافت أن التحقيقات مستمرة مع العائدين."
BODY_EN = "The ministry said 300 fighters returned this year.\nIt added that inquiries go on."


def fp(title: str, body: str) -> str:
    return fingerprint(content_lines(title, body))


@pytest.mark.parametrize(
    ("title", "body", "copy_title", "copy_body"),
    [
        ("عنوان", BODY_AR, "عنوان", BODY_AR.replace("٣٠٠", "300")),
        ("عنوان", BODY_AR, "عنوان", BODY_AR.replace("قالت", "قَالَتْ").replace("العام", "العـــام")),
        ("عنوان", BODY_AR, "عنوان", BODY_AR.replace(" ", "  ").replace(".", " . ")),
        ("عنوان", BODY_AR, "عنوان", BODY_AR.replace("إن", "ان")),
        ("Title", BODY_EN, "TITLE", BODY_EN.replace("300", "٣٠٠").replace(".", "!")),
        ("Title", BODY_EN, "Title", "Share this article\n" + BODY_EN + "\nRead more"),
        ("عنوان", BODY_AR, "عنوان", "التوقيت الأحد ٤ فبراير\n" + BODY_AR + "\nشارك الخبر"),
    ],
)
def test_copies_that_differ_only_in_folding_or_furniture_share_a_fingerprint(
    title: str, body: str, copy_title: str, copy_body: str
) -> None:
    assert fp(title, body) == fp(copy_title, copy_body)


@pytest.mark.parametrize(
    ("title", "body", "other_title", "other_body"),
    [
        ("عنوان", BODY_AR, "عنوان آخر", BODY_AR),
        ("Title", BODY_EN, "Title", BODY_EN.replace("300", "400")),
        ("Title", "Brief item.", "Other title", "Brief item."),
    ],
)
def test_a_changed_word_or_headline_changes_the_fingerprint(
    title: str, body: str, other_title: str, other_body: str
) -> None:
    assert fp(title, body) != fp(other_title, other_body)


def test_a_long_paragraph_that_opens_like_furniture_is_kept() -> None:
    paragraph = (
        "Share prices in the region fell sharply after the ministry said 300 fighters returned."
    )
    assert content_lines("", paragraph) != []
    assert content_lines("", "Share this article") == []


def test_shingles_do_not_cross_line_breaks() -> None:
    grams = shingles([["a", "b", "c"], ["d", "e"]], 3)
    assert grams == ["a b c"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([["a", "b"], ["c"]], {"a b c"}),
        ([["solo"]], {"solo"}),
        ([], set()),
    ],
)
def test_content_too_short_for_shingles_per_line_still_gets_some(
    lines: list[list[str]], expected: set[str]
) -> None:
    assert set(shingles(lines, 3)) == expected


@given(st.lists(st.sampled_from("\u064e\u064f\u0650\u0651\u0652\u0640"), max_size=30), st.randoms())
def test_fingerprint_ignores_diacritics_and_tatweel_anywhere(
    marks: list[str], rnd: random.Random
) -> None:
    chars = list(BODY_AR)
    for mark in marks:
        at = rnd.randrange(1, len(chars))
        if "\u0621" <= chars[at - 1] <= "\u064a":
            chars.insert(at, mark)
    assert fp("", "".join(chars)) == fp("", BODY_AR)


@given(st.text(min_size=1, max_size=40))
def test_article_ref_is_short_and_stable(article_id: str) -> None:
    ref = article_ref(article_id)
    assert len(ref) == 8
    assert ref == article_ref(article_id)


def words(tag: str, count: int) -> list[str]:
    return [f"{tag}{i}" for i in range(count)]


def test_openings_start_at_paragraphs_and_run_on_over_paragraphs_only() -> None:
    body = [words("dateline", 4), words("a", 10), words("caption", 5), words("b", 9)]
    first, second = openings(body, size=3, count=3, length=12, min_words=8)
    assert first == [
        *(f"a{i} a{i + 1} a{i + 2}" for i in range(8)),
        "b0 b1 b2",
        "b1 b2 b3",
        "b2 b3 b4",
        "b3 b4 b5",
    ]
    assert second == [f"b{i} b{i + 1} b{i + 2}" for i in range(7)]


@pytest.mark.parametrize(
    ("body", "count", "expected"),
    [
        ([words("a", 20), words("b", 20), words("c", 20)], 2, 2),
        ([words("a", 20)], 3, 1),
        ([words("short", 7), words("tiny", 2)], 3, 0),
        ([], 3, 0),
    ],
)
def test_openings_are_taken_from_at_most_count_paragraphs(
    body: list[list[str]], count: int, expected: int
) -> None:
    found = openings(body, size=3, count=count, length=12, min_words=8)
    assert len(found) == expected
    assert all(len(window) == 12 for window in found)


def test_a_cut_copy_keeps_its_originals_first_opening_and_a_led_copy_has_it_second() -> None:
    original = [words("a", 30), words("b", 30), words("c", 30)]
    cut = [words("a", 30)[:20]]
    led = [words("lead", 25), *original]
    first = openings(original, size=3, count=3, length=12, min_words=8)[0]
    assert openings(cut, size=3, count=3, length=12, min_words=8)[0] == first
    assert openings(led, size=3, count=3, length=12, min_words=8)[1] == first


def test_content_lines_are_the_title_lines_then_the_body_lines() -> None:
    title = "A title here"
    assert content_lines(title, BODY_EN) == text_lines(title) + text_lines(BODY_EN)
