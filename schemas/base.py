"""The shared base model: one place for the datetime and JSON rules of every payload."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


def _require_timezone(value: datetime) -> datetime:
    # A naive datetime is ambiguous across sources in different zones; reject it loudly.
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError("datetime must carry a timezone, e.g. 2018-02-05T10:00:00Z")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("datetime is out of range once converted to UTC") from None


AwareDatetime = Annotated[datetime, AfterValidator(_require_timezone)]
"""A timezone-aware datetime, normalised to UTC."""


class FigwatchModel(BaseModel):
    """Base of every figwatch payload: strict about unknown fields, UTC datetimes."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        ser_json_timedelta="float",
        ser_json_bytes="base64",
        val_json_bytes="base64",
    )
