"""Numeric claim extraction: numbers, their qualifiers, and the frame around each figure."""
