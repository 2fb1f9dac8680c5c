"""The local Kafka broker carries records and honours transactions, as Faust exactly_once needs."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from kafka import KafkaProducer

from tests.support.kafka import BrokerProcess, ConsumeAll, NewTopicFactory, Produce

pytestmark = pytest.mark.kafka


def test_round_trip_delivers_every_record_once_across_four_partitions(
    new_topic: NewTopicFactory, produce: Produce, consume_all: ConsumeAll
) -> None:
    topic = new_topic(partitions=4)
    sent = [f"article-{i}".encode() for i in range(200)]

    produce(topic, sent)
    received = consume_all(topic, count=len(sent))

    assert Counter(r.value for r in received) == Counter(sent)
    assert {r.partition for r in received} == {0, 1, 2, 3}


def test_records_with_one_key_stay_in_order_on_one_partition(
    new_topic: NewTopicFactory, produce: Produce, consume_all: ConsumeAll
) -> None:
    topic = new_topic(partitions=4)
    sent = [f"figure-{i}".encode() for i in range(50)]

    produce(topic, sent, key=b"metric:killed:mosul")
    received = consume_all(topic, count=len(sent))

    assert [r.value for r in received] == sent
    assert len({r.partition for r in received}) == 1


@pytest.mark.parametrize(
    "outcomes",
    [
        pytest.param(["commit"], id="one-committed"),
        pytest.param(["abort"], id="one-aborted"),
        pytest.param(["commit", "abort", "commit"], id="aborted-between-committed"),
        pytest.param(["abort", "abort", "commit"], id="committed-after-aborts"),
    ],
)
def test_read_committed_consumer_sees_committed_transactions_only(
    kafka_bootstrap: str,
    new_topic: NewTopicFactory,
    consume_all: ConsumeAll,
    outcomes: list[str],
) -> None:
    topic = new_topic(partitions=4)
    producer = KafkaProducer(
        bootstrap_servers=kafka_bootstrap,
        acks="all",
        enable_idempotence=True,
        transactional_id=f"figwatch-test-{uuid.uuid4().hex}",
    )
    committed: list[bytes] = []
    try:
        producer.init_transactions()
        for txn, outcome in enumerate(outcomes):
            values = [f"txn{txn}-{outcome}-{i}".encode() for i in range(5)]
            producer.begin_transaction()
            for value in values:
                producer.send(topic, value=value)
            producer.flush()
            if outcome == "commit":
                producer.commit_transaction()
                committed.extend(values)
            else:
                producer.abort_transaction()
    finally:
        producer.close()

    received = consume_all(topic)

    assert sorted(r.value for r in received) == sorted(committed)


def test_restarted_broker_keeps_its_address_and_its_records(
    private_broker: BrokerProcess, produce: Produce, consume_all: ConsumeAll
) -> None:
    first_address = private_broker.bootstrap
    topic = f"figwatch-test-{uuid.uuid4().hex}"
    produce(topic, [b"before-restart"], bootstrap=first_address)

    second_address = private_broker.restart()
    produce(topic, [b"after-restart"], bootstrap=second_address)
    received = consume_all(topic, bootstrap=second_address)

    assert second_address == first_address
    assert sorted(r.value for r in received) == [b"after-restart", b"before-restart"]
