"""scripts/bench_scale.py's pure helpers: figures, verdicts, merging the sub-scripts' JSON and writing its
section of docs/performance.md. The benchmark itself is not run in the suite."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "scripts" / "bench_scale.py")
bench_scale = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_scale)


def test_targets_give_verdicts():
    fast = bench_scale.at_most("Staff screens", "Inbox", 120.0, "ms p50", 300)
    slow = bench_scale.at_most("Staff screens", "Report", 2500.0, "ms p50", 2000)
    share = bench_scale.at_least("Public pages", "Home", 3.5, "%", 4)
    unknown = bench_scale.at_most("Jobs", "Retention", None, "s", 120)
    assert (fast["passed"], slow["passed"], share["passed"], unknown["passed"]) == (True, False, False, None)
    assert fast["target"] == "≤ 300 ms p50" and share["target"] == "≥ 4 %"
    assert [bench_scale.verdict(item["passed"]) for item in (fast, slow, unknown)] == ["PASS", "FAIL", "–"]


def test_merge_keeps_order_replaces_by_section_and_name_and_drops_junk():
    ours = [bench_scale.figure("Public pages", "Home", 5.0, "%", "≥ 4 %", True)]
    theirs = [
        {"section": "Mixed load", "name": "Hit rate", "value": 97.5, "unit": "%", "target": "≥ 95 %", "passed": True},
        {"section": "Public pages", "name": "Home", "value": 3.0, "unit": "%", "target": "≥ 4 %", "passed": False},
        {"section": "Jobs", "name": "Retention", "value": 80},  # unit, target and verdict left out
        "not a figure",
        {"name": "no section"},
    ]
    merged = bench_scale.merge_figures(ours, theirs, None)
    assert [(item["section"], item["name"]) for item in merged] == [
        ("Public pages", "Home"), ("Mixed load", "Hit rate"), ("Jobs", "Retention")
    ]
    assert merged[0]["passed"] is False  # the later figure wins
    assert merged[2] == {"section": "Jobs", "name": "Retention", "value": 80, "unit": "", "target": None, "passed": None}


def test_table_and_summary_show_each_verdict():
    figures = [
        bench_scale.at_most("Staff screens", "Inbox", 120.0, "ms p50", 300),
        bench_scale.at_most("Staff screens", "Explorer", 450.0, "ms p50", 300),
        bench_scale.figure("Jobs", "Peak memory", None, "MB"),
    ]
    table = bench_scale.figures_table(figures)
    assert "| Staff screens | Inbox | 120 ms p50 | ≤ 300 ms p50 | PASS |" in table
    assert "| Staff screens | Explorer | 450 ms p50 | ≤ 300 ms p50 | FAIL |" in table
    assert "| Jobs | Peak memory | n/a |  | – |" in table
    assert bench_scale.summary(figures) == "1 of 2 targets met: not met: Staff screens: Explorer"


def test_section_goes_before_the_demo_figures_and_is_replaced_in_place():
    document = "# Performance\n\nIntro.\n\n<!-- figures -->\n\nDemo figures.\n"
    first = bench_scale.replace_section(document, "## City scale\n\nFirst run.")
    assert first.index("First run.") < first.index("<!-- figures -->") < first.index("Demo figures.")
    second = bench_scale.replace_section(first, "## City scale\n\nSecond run.")
    assert "First run." not in second and second.count("## City scale") == 1
    assert second.startswith("# Performance\n\nIntro.") and second.endswith("<!-- figures -->\n\nDemo figures.\n")
    # Without the demo's marker, the section is added at the end.
    assert bench_scale.replace_section("# Performance\n", "## City scale").endswith(
        "<!-- city-scale -->\n\n## City scale\n\n<!-- /city-scale -->\n"
    )


def test_p50_is_the_median():
    assert bench_scale.p50([30.0, 10.0, 20.0]) == 20.0
    assert bench_scale.p50([]) is None
