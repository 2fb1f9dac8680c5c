"""Faust agents: thin loops that decode, call the pure stage, and send the result."""
