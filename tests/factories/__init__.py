"""Factories per app: tests/factories/home.py, feedback.py, proposals.py, events.py."""
