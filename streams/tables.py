"""The worker's state tables; each is partitioned like the topic that feeds it."""

from __future__ import annotations

from streams.app import app
from streams.settings import get_settings

_settings = get_settings()

figures = app.Table(
    "figures",
    default=None,
    partitions=_settings.partitions,
    key_serializer="json",
    value_serializer="json",
    help="Figure history per metric key (FigureHistory as JSON), fed by the claims topic.",
)
