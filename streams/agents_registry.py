"""Imports every agent and view module so that the worker registers them with the app."""

from streams import web
from streams.agents import claims, dedup, figures, validate
from streams.ui import views

__all__ = ["claims", "dedup", "figures", "validate", "views", "web"]
