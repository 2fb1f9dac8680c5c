"""figwatch's stream processor: the Faust app and agents, and the pure logic they call."""

__version__ = "0.1.0"
