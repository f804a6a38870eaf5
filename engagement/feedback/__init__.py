"""The feedback module."""
