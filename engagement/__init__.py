"""Participation: public forms, their staff workflows, emails, feeds and APIs.

This package holds what every module shares (the captcha-protected form base, rate limits, the email
outbox, duplicate-submission protection); each module is an app of its own below it.
"""
