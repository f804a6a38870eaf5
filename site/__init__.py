"""The project package: settings, URLs, WSGI, project-wide templates and static files.

The folder is called `site/`, but `site` is a module of Python's standard library, so it is
installed under the import name `kumppanuus` (see setup.py: package_dir).
"""
