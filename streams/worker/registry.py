"""Imports every agent, view and sensor module so that the worker registers them with the app."""

from streams.ui import views
from streams.worker import heap_trim, sensors, web
from streams.worker.agents import claims, dedup, figures, validate

__all__ = ["claims", "dedup", "figures", "heap_trim", "sensors", "validate", "views", "web"]
