"""Package layout: `site` is a module of Python's standard library, so the folder site/ is imported as `kumppanuus`."""

from setuptools import find_packages, setup

apps = find_packages(include=["home", "home.*", "engagement", "engagement.*"])
project = ["kumppanuus"] + [f"kumppanuus.{name}" for name in find_packages("site")]

setup(
    packages=apps + project,
    package_dir={"kumppanuus": "site"},
    include_package_data=True,
)
