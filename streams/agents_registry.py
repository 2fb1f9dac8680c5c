"""Imports every agent, view and sensor module so that the worker registers them with the app."""

from streams import heap_trim, sensors, web
from streams.agents import claims, dedup, figures, validate
from streams.ui import views

__all__ = ["claims", "dedup", "figures", "heap_trim", "sensors", "validate", "views", "web"]
