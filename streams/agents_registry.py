"""Imports every agent module so that the worker registers them with the app."""

from streams.agents import validate

__all__ = ["validate"]
