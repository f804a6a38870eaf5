"""The import contract (.importlinter) names each top-level module of site/ and engagement/ in a layer,
so that `lint-imports` checks every module: a new one that is in no layer fails here, not silently."""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"kumppanuus": ROOT / "site", "engagement": ROOT / "engagement"}


def layered_modules():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    names = set()
    for line in config["importlinter:contract:layers"]["layers"].split("\n"):
        for name in line.replace("|", ":").split(":"):
            if name.strip():
                names.add(name.strip().strip("()"))
    return names


def top_level_modules(package, folder):
    for path in sorted(folder.iterdir()):
        if path.suffix == ".py" and path.stem != "__init__":
            yield f"{package}.{path.stem}"
        elif path.is_dir() and (path / "__init__.py").exists():
            yield f"{package}.{path.name}"


def test_every_module_of_site_and_engagement_is_in_a_layer():
    layered = layered_modules()
    assert "home" in layered
    missing = [
        module
        for package, folder in PACKAGES.items()
        for module in top_level_modules(package, folder)
        if module not in layered
    ]
    assert missing == [], f"Give these modules a layer in .importlinter: {missing}"
