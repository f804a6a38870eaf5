"""Package layout: `site` is a module of Python's standard library, so the folder site/ is imported as `kumppanuus`.

An install (`pip install -c requirements.lock .`) carries everything the site needs at run time:
templates, static files, the demo's texts (site/demo/content/) and the compiled catalogues (locale/*/LC_MESSAGES/*.po, compiled with polib into
kumppanuus/locale/). The editable install (`make install`) reads them from the checkout instead.
"""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent
DATA = ["templates/**/*", "static/**/*"]

apps = find_packages(include=["home", "home.*", "engagement", "engagement.*"])
project = ["kumppanuus"] + [f"kumppanuus.{name}" for name in find_packages("site")]


class BuildWithCatalogues(build_py):
    """build_py, then compile each catalogue of locale/ into the built package's locale/ folder."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the checkout's locale/ is used (make install compiles it)
        import polib

        for po_path in sorted((SOURCE / "locale").glob("*/LC_MESSAGES/*.po")):
            relative = po_path.relative_to(SOURCE / "locale").with_suffix(".mo")
            target = Path(self.build_lib) / "kumppanuus" / "locale" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            polib.pofile(str(po_path)).save_as_mofile(str(target))


setup(
    packages=apps + project,
    package_dir={"kumppanuus": "site"},
    # The data files of each package by these globs alone; MANIFEST.in only makes the sdist. (Including
    # the manifest's files too, which pyproject builds do by default, warns about every template and
    # static folder: ~1,700 lines in each install's output.)
    include_package_data=False,
    package_data={**{name: DATA for name in apps + project}, "kumppanuus.demo": ["content/**/*"]},
    cmdclass={"build_py": BuildWithCatalogues},
)
