"""The association directory: the public association form and its moderation (the pages are home's)."""
