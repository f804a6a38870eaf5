"""The benchmark scripts' arithmetic and verdicts (scripts/benchkit.py), and the mixed-load run's parsing of
wrk's X-Cache counts (scripts/bench_mixed.py). The benchmarks themselves are run by hand, not here."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load(name):
    sys.path.insert(0, str(SCRIPTS))  # the scripts import each other as they do when run
    try:
        spec = importlib.util.spec_from_file_location(f"{name}_script", SCRIPTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(scope="module")
def kit():
    return load("benchkit")


def test_hit_rate_and_percentiles(kit):
    assert kit.percent(95, 100) == 95
    assert kit.percent(3, 0) is None
    assert kit.percentile([30, 10, 20, 40], 0.5) == 20
    assert kit.percentile([30, 10, 20, 40], 1) == 40
    assert kit.percentile([5], 0.5) == 5
    assert kit.percentile([], 0.5) is None


def test_targets_are_met_at_the_bound_and_not_met_without_a_value(kit):
    assert kit.at_least("s", "hit rate", 95.0, "%", 95)["passed"] is True
    assert kit.at_least("s", "hit rate", 94.9, "%", 95)["passed"] is False
    assert kit.at_most("s", "shows", 1000, "ms", 1000) == {
        "section": "s", "name": "shows", "value": 1000, "unit": "ms", "target": "<= 1000 ms", "passed": True}
    assert kit.at_most("s", "shows", 1000.5, "ms", 1000)["passed"] is False
    assert kit.at_most("s", "shows", None, "ms", 1000)["passed"] is False
    assert kit.figure("s", "req/s", 10.0, "req/s")["passed"] is None


def test_table_shows_each_verdict(kit):
    text = kit.table([kit.at_least("Mixed", "hit rate", 40.25, "%", 95), kit.at_most("Mixed", "errors", 0, "", 0),
                      kit.figure("Mixed", "floor", 3000.0, "req/s")])
    assert "| Mixed | hit rate | 40.2 % | >= 95 % | NOT MET |" in text
    assert "| Mixed | errors | 0  | <= 0 | met |" in text
    assert text.splitlines()[-1] == "| Mixed | floor | 3000.0 req/s |  |  |"


def test_the_x_cache_counts_come_from_the_lua_scripts_line():
    mixed = load("bench_mixed")
    assert mixed.x_cache_counts("Requests/sec: 10\nX-CACHE hits=950 misses=48 others=2\n") == (950, 48, 2)
    script = mixed.rotate_script(["/fi/", "/sv/x/"], count=True)
    assert 'paths = {"/fi/", "/sv/x/"}' in script and "function response" in script
    assert "function response" not in mixed.rotate_script(["/fi/"], count=False)


def test_the_server_cpu_of_a_write_is_phase_3s_cpu_less_its_reads_at_their_cost_before_the_writes():
    mixed = load("bench_mixed")
    assert mixed.requests_made("  13500 requests in 5.00s, 40.00MB read\nRequests/sec: 2700.00\n") == 13500
    calm = {"output": "10000 requests in 5.00s", "cpu": 10.0, "wall": 5.0}  # 1 ms a read
    quiet = {"output": "4000 requests in 5.00s", "cpu": 8.0, "wall": 5.0}  # 4 s of reads, 4 s of writes
    per_read, per_write, share = mixed.cpu_per_write(calm, quiet, writes_per_second=2)
    assert (per_read, per_write, share) == (pytest.approx(1.0), pytest.approx(400.0), pytest.approx(50.0))
    assert mixed.cpu_per_write({**calm, "cpu": None}, quiet, 2) == (None, None, None)  # no /proc
