"""The worker shell: the Faust app, its topics, tables, agents, views, sensors and metrics.

It moves data and state between Kafka and the functional core (``streams.text``,
``streams.dedup``, ``streams.claims``, ``streams.figures``, ``streams.pipeline``), which
imports nothing from here.
"""
