#!/usr/bin/env python
"""Benchmark: a cached page through Varnish against a static file through the same Varnish.

gunicorn (production settings, 2 sync workers, the full-page cache on in a redis-server of its own on a
free port) runs behind a varnishd of its own (deploy/varnish/kumppanuus.vcl, own port and working
folder). wrk loads, in turns, a static file (a CSS file collected and served by WhiteNoise, kept by
Varnish) and cached pages; a page's rate as a share of the static file's is the figure (target: at least
90 %). Every load is checked to have come from Varnish (X-Proxy-Cache: HIT before and after).

    python scripts/bench_varnish.py                          # the demo, in SQLite under var/bench/varnish/
    python scripts/bench_varnish.py --database-url postgres://postgres@127.0.0.1:5432/kumppanuus_scale
    python scripts/bench_varnish.py --duration 5 --json var/bench/varnish.json

With --database-url the database must be migrated and loaded already (scripts/bench_scale.py does it);
the script only reads it. Only loopback addresses are used; the machine's Redis and varnish are never
touched. wrk and varnish are Debian packages, installed when missing (as root, or with sudo -n).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import bench
from benchkit import PrivateRedis, free_port, stop_process

PYTHON, ROOT = bench.PYTHON, bench.ROOT
WORK = bench.WORK / "varnish"
VCL = ROOT / "deploy" / "varnish" / "kumppanuus.vcl"
TARGET = 90.0  # % of the static file's rate
SECTION = "Varnish"


def ensure_package(command, package):
    if shutil.which(command) or Path(f"/usr/sbin/{command}").exists():
        return
    print(f"Installing Debian's {package}", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=environment)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", package], check=True, env=environment,
                   stdout=subprocess.DEVNULL)


def env_for(database_url, cache_url, proxy_port):
    """scripts/bench.py's production settings on loopback, the page cache on, purges sent to the proxy."""
    return {**bench.env_for(cache_url, 300, database_url, work=WORK),
            "FRONTEND_CACHE_URLS": f"http://127.0.0.1:{proxy_port}"}


class Varnish:
    """varnishd on `port` of 127.0.0.1 in front of gunicorn's `backend_port`, with the project's VCL (its two
    marked backend lines set), in a working folder of its own (never the machine's varnish), in the
    foreground (-F) so that stopping it is stopping this process. (The load tests have their own starter
    in tests/load/servers.py; scripts do not import tests.)"""

    def __init__(self, backend_port, port, log):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="kumppanuus-bench-varnish-"))
        text = VCL.read_text()
        text = re.sub(r'"[^"]*";(\s*# BACKEND_HOST)', r'"127.0.0.1";\1', text)
        text = re.sub(r'"[^"]*";(\s*# BACKEND_PORT)', f'"{backend_port}";\\1', text)
        (self.folder / "kumppanuus.vcl").write_text(text)
        self.log = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [varnishd(), "-F", "-j", "none", "-n", str(self.folder / "work"), "-a", f"127.0.0.1:{port}", "-T", "none",
             "-f", str(self.folder / "kumppanuus.vcl"), "-s", "malloc,256m"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/ping/", timeout=2).read()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit(f"varnishd did not start; see {log}") from None
                time.sleep(0.1)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        stop_process(self.process)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def varnishd():
    return shutil.which("varnishd") or "/usr/sbin/varnishd"


def manage(env, *args):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def prepare(env, demo):
    WORK.mkdir(parents=True, exist_ok=True)
    if demo:
        (WORK / "db.sqlite3").unlink(missing_ok=True)
        manage(env, "migrate", "--no-input")
        manage({**env, "DEBUG": "0"}, "load_demo")
    manage(env, "collectstatic", "--no-input")


PAGES_SCRIPT = """
import json
from wagtail.models import Locale
from home.models import HomePage
from engagement.events.pages import EventIndexPage
fi = Locale.objects.get(language_code="fi")
pages = [["Home page", HomePage.objects.get(locale=fi).url]]
pages += [["Event listing", page.url] for page in EventIndexPage.objects.live().filter(locale=fi)[:1]]
print(json.dumps(pages))
"""


def page_targets(env):
    result = subprocess.run([PYTHON, "manage.py", "shell", "-c", PAGES_SCRIPT], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def head(base, path):
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, len(response.read())


def cached_in_varnish(base, path):
    """GET until Varnish serves it from its cache; returns (headers, bytes on the wire)."""
    for _ in range(5):
        headers, size = head(base, path)
        if headers.get("X-Proxy-Cache") == "HIT":
            return headers, size
    raise SystemExit(f"{path} is not kept by Varnish: {dict(headers)}")


def run_wrk(url, duration):
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "--timeout", "10s", "-H", "Accept-Encoding: gzip",
               url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "errors": int(errors.group(1)) if errors else 0}


def measure(static, pages, others, duration, rounds):
    """Rates of the static file, the pages and other URLs, and each page's share of the static file's rate.

    The machine is shared and its speed drifts: each round runs the static file and the pages as a
    palindrome (static, pages, pages reversed, static), so that each page and the static file have the
    same mean position in time, and a page's share in a round compares neighbours. The share reported is
    the median over the rounds; the rates are means. `others` (for comparison) run after each round."""
    urls = [static, *pages, *others]
    runs = {url: [] for url in urls}
    shares = {url: [] for url in pages}
    for url in urls:  # warm-up: connections, Varnish's threads, the CPU's caches
        run_wrk(url, 1)
    for _ in range(rounds):
        this_round = {url: [] for url in urls}
        for url in [static, *pages, *pages[::-1], static, *others]:
            result = run_wrk(url, duration)
            runs[url].append(result)
            this_round[url].append(result["rps"])
        for url in pages:
            shares[url].append(100 * statistics.mean(this_round[url]) / statistics.mean(this_round[static]))
    totals = {}
    for url, results in runs.items():
        totals[url] = {
            "rps": statistics.mean(result["rps"] for result in results),
            "p50": statistics.median(result["p50"] for result in results),
            "p99": max(result["p99"] for result in results),
            "errors": sum(result["errors"] for result in results),
            "share": statistics.median(shares[url]) if url in shares else None,
            "spread": (min(shares[url]), max(shares[url])) if url in shares else None,
        }
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="a migrated, loaded database (default: the demo in SQLite)")
    parser.add_argument("--duration", type=int, default=2, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    ensure_package("wrk", "wrk")
    ensure_package("varnishd", "varnish")

    redis = PrivateRedis()
    app = varnish = None
    try:
        proxy_port = free_port()
        database_url = args.database_url or f"sqlite:///{WORK / 'db.sqlite3'}"
        env = env_for(database_url, redis.url(), proxy_port)
        prepare(env, demo=not args.database_url)
        pages = page_targets(env)
        app_port = free_port()
        app = bench.start_server(env, app_port, log=WORK / "gunicorn.log")
        varnish = Varnish(app_port, proxy_port, WORK / "varnishd.log")
        base = varnish.base

        home_headers, _ = cached_in_varnish(base, pages[0][1])
        home = urllib.request.urlopen(base + pages[0][1], timeout=30).read().decode()
        static = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
        # (label, URL, is a page through Varnish): the static file first, and for comparison the home page
        # straight from gunicorn (its full-page cache in Redis) last.
        rows = [("Static file (WhiteNoise, kept by Varnish)", base + static, False)]
        rows += [(f"{kind} (kept by Varnish)", base + path, True) for kind, path in pages]
        rows += [(f"{pages[0][0]} from gunicorn, no Varnish (page cache in Redis)", f"http://127.0.0.1:{app_port}" + pages[0][1], False)]
        sizes = {url: cached_in_varnish("", url)[1] for _label, url, proxied in rows[:-1]}
        sizes[rows[-1][1]] = head("", rows[-1][1])[1]
        cache_control = home_headers.get("Cache-Control", "")
        totals = measure(rows[0][1], [url for _label, url, proxied in rows if proxied], [rows[-1][1]], args.duration,
                         args.rounds)
        for _label, url, _proxied in rows[:-1]:  # still served by Varnish after the load
            cached_in_varnish("", url)
    finally:
        if varnish:
            varnish.stop()
        if app:
            bench.stop_server(app)
        redis.stop()

    static_rps = totals[rows[0][1]]["rps"]
    figures = []

    def figure(name, value, unit, target=None, passed=None):
        figures.append({"section": SECTION, "name": name, "value": round(value, 1), "unit": unit, "target": target,
                        "passed": passed})

    lines = [
        f"Measured {datetime.date.today().isoformat()} on {platform.node()}: {platform.machine()}, {os.cpu_count()} "
        f"cores; {'the database at --database-url' if args.database_url else 'the demo in SQLite'}; gunicorn 2 sync "
        f"workers behind Varnish ({varnish_version()}); wrk -t2 -c16 -d{args.duration}s with Accept-Encoding: gzip, "
        f"{args.rounds} rounds of static file, pages, pages, static file; a page's share of the static file is the "
        "median of the rounds' shares.",
        "",
        f"Pages: `Cache-Control: {cache_control}`.",
        "",
        "| what | path | bytes (gzip) | req/s | p50 ms | p99 ms | % of the static file | rounds' range | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    verdicts = []
    for label, url, proxied in rows:
        total = totals[url]
        path = urlsplit(url).path
        share = total["share"] if total["share"] is not None else 100 * total["rps"] / static_rps
        p50, p99 = total["p50"], total["p99"]
        spread = f"{total['spread'][0]:.0f}–{total['spread'][1]:.0f} %" if total["spread"] else ""
        lines.append(f"| {label} | `{path}` | {sizes[url]} | {total['rps']:.0f} | {p50:.2f} | {p99:.2f} | "
                     f"{share:.1f} % | {spread} | {total['errors']} |")
        figure(f"{label}: req/s", total["rps"], "req/s")
        if proxied:
            passed = share >= TARGET and total["errors"] == 0
            figure(f"{label}: share of the static file", share, "%", f">= {TARGET:.0f} %", passed)
            verdicts.append(f"- {'met' if passed else 'NOT MET'}: through Varnish, {label.split(' (')[0].lower()} "
                            f"reaches at least {TARGET:.0f} % of the rate of a static file ({share:.1f} %)")
    lines += ["", "### Target", "", *verdicts]
    print("\n".join(lines))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0  # a target not met is a verdict, not a failure of the run


def varnish_version():
    result = subprocess.run([varnishd(), "-V"], capture_output=True, text=True)
    output = result.stdout + result.stderr
    match = re.search(r"varnish-([\d.]+)", output)
    return f"Varnish {match.group(1)}" if match else "Varnish"


if __name__ == "__main__":
    sys.exit(main())
