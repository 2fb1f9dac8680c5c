"""Imports every agent, view and sensor module so that the worker registers them with the app."""

from streams import sensors, web
from streams.agents import claims, dedup, figures, validate
from streams.ui import views

__all__ = ["claims", "dedup", "figures", "sensors", "validate", "views", "web"]
