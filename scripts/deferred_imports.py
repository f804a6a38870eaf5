"""Count the deferred imports (an `import` inside a function) of the site's code, and fail when there
are more than LIMIT or when one has no reason.

A deferred import hides a dependency from the reader and from the import contract's order, and mostly
keeps an import cycle alive; docs/architecture.md allows one only where Python needs it
(`AppConfig.ready()`, a backend chosen by the settings…), with a one-line reason as a comment on the
import's line:

    from . import moderation  # reason: AppConfig.ready, once the models are loaded

Usage: python scripts/deferred_imports.py [--limit N]   (migrations and tests are not counted)
"""

import argparse
import ast
import io
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("home", "engagement", "site")
LIMIT = 15
NOQA = re.compile(r"^noqa(:\s*[A-Z]+[0-9]+(,\s*[A-Z]+[0-9]+)*)?\s*[-–]?\s*")


def comments(source):
    """{line number: comment text without the '#'}."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string.lstrip("#").strip()
    return found


def reason(comment):
    """The reason a comment gives: its text without `noqa: CODE` and without a leading "reason:"."""
    text = NOQA.sub("", comment or "").strip()
    return text[len("reason:"):].strip() if text.lower().startswith("reason:") else text


def deferred_imports(path):
    """(line, statement, reason) of each import inside a function of the file at `path`."""
    source = path.read_text(encoding="utf-8")
    line_comments = comments(source)
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for statement in node.body:
                for inner in ast.walk(statement):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        lines = range(inner.lineno, (inner.end_lineno or inner.lineno) + 1)
                        why = next((reason(line_comments[line]) for line in lines if line in line_comments), "")
                        found.append((inner.lineno, ast.unparse(inner), why))
    # A function inside a function is walked twice: count each import once.
    return sorted(set(found))


def source_files():
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts or ".venv" in parts:
                continue
            yield path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=LIMIT)
    limit = parser.parse_args(argv).limit
    total, unexplained = 0, 0
    for path in source_files():
        for line, statement, why in deferred_imports(path):
            total += 1
            unexplained += not why
            print(f"{path.relative_to(ROOT)}:{line}: {statement}  # {why or 'NO REASON GIVEN'}")
    print(f"{total} deferred imports (at most {limit}), {unexplained} without a reason")
    if total > limit or unexplained:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
