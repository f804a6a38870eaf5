"""What the benchmark scripts share: a private redis-server and a free port on loopback.

The machine's Redis (127.0.0.1:6379) is shared, and a benchmark must start from an empty cache, so
each run starts its own redis-server on a free port of 127.0.0.1 that keeps nothing on disk, and stops
it at the end (as tests/load/servers.py does for the load tests; scripts do not import tests).

    with PrivateRedis() as redis:
        env["CACHE_URL"] = redis.url()
        ...
        stats = redis.info("stats")   # {"keyspace_hits": "…", …}
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_up(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def stop_process(process, timeout=20):
    """Terminate a server started by a bench script, and kill it if it does not stop in `timeout` s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


class PrivateRedis:
    """redis-server on a free port of 127.0.0.1, without persistence, in a temporary folder of its own.
    Use it as a context manager (or call stop()); it never touches another Redis."""

    def __init__(self, maxmemory="256mb"):
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server is missing: apt-get install redis-server")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="kumppanuus-bench-redis-"))
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--maxmemory", maxmemory, "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while not redis_up(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit("the private redis-server did not start")
            time.sleep(0.05)

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def info(self, section="stats"):
        """INFO `section` of this server as a dict of strings (e.g. keyspace_hits, keyspace_misses)."""
        output = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "info", section],
                                capture_output=True, text=True, check=True).stdout
        return dict(line.split(":", 1) for line in output.splitlines() if ":" in line and not line.startswith("#"))

    def stop(self):
        stop_process(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# --- Figures, verdicts and the JSON the scale benchmark collects -----------------------------------

def percent(part, whole):
    """part / whole in per cent, or None when there is nothing to divide."""
    return 100 * part / whole if whole else None


def percentile(values, share):
    """The value below which `share` (0–1) of `values` lie (nearest rank), or None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * share // 1))  # ceil without importing math
    return ordered[int(rank) - 1]


def figure(section, name, value, unit, target=None, passed=None):
    """One figure as the bench sub-scripts report it (`--json`): {"section", "name", "value", "unit",
    "target", "passed"}; target and passed are None for a figure without a target."""
    return {"section": section, "name": name, "value": value, "unit": unit, "target": target, "passed": passed}


def at_least(section, name, value, unit, bound):
    """A figure with the target `value >= bound`; not met when there is no value."""
    return figure(section, name, value, unit, f">= {bound:g} {unit}".rstrip(), value is not None and value >= bound)


def at_most(section, name, value, unit, bound):
    """A figure with the target `value <= bound`; not met when there is no value."""
    return figure(section, name, value, unit, f"<= {bound:g} {unit}".rstrip(), value is not None and value <= bound)


def verdict(passed):
    return {True: "met", False: "NOT MET", None: ""}[passed]


def table(figures):
    """The figures as a Markdown table with a verdict column."""
    lines = ["| section | figure | value | target | verdict |", "| --- | --- | ---: | --- | --- |"]
    for row in figures:
        value = row["value"]
        shown = "–" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)
        lines.append(f"| {row['section']} | {row['name']} | {shown} {row['unit']} | {row['target'] or ''} | "
                     f"{verdict(row['passed'])} |")
    return "\n".join(lines)
