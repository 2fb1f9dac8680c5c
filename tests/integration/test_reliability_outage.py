"""The broker goes away mid-stream for 10 s and comes back: the workers carry on by themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.reliability import outage
from tests.support.kafka import BrokerProcess

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


def test_workers_recover_from_a_broker_outage_without_losing_an_article(
    private_broker: BrokerProcess, tmp_path: Path
) -> None:
    figures = outage.run(private_broker, tmp_path, stories=20, down=10, workers=1)
    print(figures)

    assert figures["broker_down_s"] >= 10
    assert figures["workers_never_restarted"]
    assert figures["missing"] == 0
    assert figures["ids_with_differing_verdicts"] == 0, "a replay keeps the verdict"
    assert figures["alerts_missing"] == 0
    assert figures["alerts_unexpected"] == 0
