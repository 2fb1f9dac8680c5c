from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from schemas.article import Article, derive_article_id
from tests.conftest import make_article_data


def test_id_is_derived_from_url_when_absent() -> None:
    data = make_article_data(url="https://example.com/a")
    article = Article.model_validate(data)
    assert article.id == derive_article_id("https://example.com/a", "", "", "")


def test_id_is_derived_from_source_title_body_without_url() -> None:
    one = Article.model_validate(make_article_data(url=None))
    two = Article.model_validate(make_article_data(url=None))
    other = Article.model_validate(make_article_data(url=None, body="نص آخر مختلف"))
    assert one.id == two.id
    assert one.id != other.id


def test_given_id_is_kept() -> None:
    assert Article.model_validate(make_article_data(id="abc")).id == "abc"


def test_unknown_extra_fields_are_kept() -> None:
    article = Article.model_validate(make_article_data(section="world", tags=["a"]))
    dumped = article.model_dump()
    assert dumped["section"] == "world"
    assert dumped["tags"] == ["a"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"body": "   \n "}, "body is blank"),
        ({"body": "\u200f\u202b \u2066\ufeff\u200b"}, "body is blank"),
        ({"body": None}, "body"),
        ({"source": ""}, "source"),
        ({"published_at": "2018-02-05T10:00:00"}, "timezone"),
        ({"language": "arabic"}, "language"),
        ({"body": "a\x00b"}, "NUL"),
        ({"body": "x\ud800y"}, "surrogate"),
    ],
)
def test_invalid_articles_are_rejected_with_a_reason(overrides: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Article.model_validate(make_article_data(**overrides))


def test_missing_source_is_rejected() -> None:
    data = make_article_data()
    del data["source"]
    with pytest.raises(ValidationError, match="source"):
        Article.model_validate(data)


def test_body_size_limit_comes_from_the_validation_context() -> None:
    data = make_article_data(body="x" * 101)
    with pytest.raises(ValidationError, match="over the limit of 100"):
        Article.model_validate(data, context={"max_body_bytes": 100})
    assert Article.model_validate(data, context={"max_body_bytes": 101}).body == "x" * 101


def test_language_is_detected_when_absent() -> None:
    arabic = Article.model_validate(make_article_data(language=None))
    english = Article.model_validate(
        make_article_data(language=None, title="Toll rises", body="At least 237 people died.")
    )
    assert (arabic.language, english.language) == ("ar", "en")


def test_published_at_is_normalised_to_utc() -> None:
    article = Article.model_validate(make_article_data(published_at="2018-02-05T12:00:00+02:00"))
    assert article.published_at == datetime(2018, 2, 5, 10, 0, tzinfo=UTC)
