"""Imports every agent and view module so that the worker registers them with the app."""

from streams import web
from streams.agents import claims, dedup, figures, validate

__all__ = ["claims", "dedup", "figures", "validate", "web"]
