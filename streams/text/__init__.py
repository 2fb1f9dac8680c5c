"""Text normalization shared by deduplication and claim extraction."""
