"""Benchmark only (scripts/bench.py): production settings, with the captcha in test mode so that the
load tool can submit forms. Never use this for a real deployment."""

from .production import *  # noqa: F403

CAPTCHA_TEST_MODE = True
DEMO_CONTENT_ALLOWED = True  # the benchmark serves the demo
