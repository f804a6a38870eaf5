"""The proposals module."""
