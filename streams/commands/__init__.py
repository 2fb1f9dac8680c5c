"""Click commands of ``figwatch`` beyond the worker and replay: one module per command."""
