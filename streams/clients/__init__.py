"""Kafka and feed clients: producing articles, reading feeds, subscribing to alerts, topic admin."""
