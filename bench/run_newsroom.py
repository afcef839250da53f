"""The newsroom benchmark: every API endpoint, the admin and the importer on the benchmark
newsroom (bench/newsroom.py), each beside two references measured in the same run.

Run (the server in DATABASE_URL holds the benchmark databases; the loaded one is kept and reused,
an importer run works on copies of it):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        bench/run_newsroom.py --claims 1000000 [--texts DIR] [--write-docs]

For each endpoint: the product's, a typical DRF ModelViewSet for the same resource
(bench/reference/viewsets.py) and one SQL statement building the same JSON page
(bench/reference/sql.py, the practical ceiling), all served by one gunicorn worker started as
`manage.py serve` starts it (asyncio worker, production settings), with the benchmark's URL
configuration adding the references. Reported: median of --requests sequential requests on one
kept-alive connection, p99 latency and throughput under `wrk -c16`, ratios, the product's
p99 and throughput under the same load again with as many workers as `manage.py serve` runs by
default (--deployed-workers), the worker's RSS after the run and, with --texts, the importer's
documents per second into an empty database and into a copy of the loaded one
(bench/bench_import_throughput.py).

With --write-docs the tables replace the newsroom section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import newsroom  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
# As the TLS-terminating proxy in front of production sends them (else: a redirect to https).
PROXY_HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
START, END = "<!-- newsroom:start -->", "<!-- newsroom:end -->"


def database_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def production_env(url: str) -> dict[str, str]:
    """Production settings (DEBUG off, hashed static files, https behind a proxy) with the
    benchmark's URLs."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.reference.settings",
        "FACTBASE_PRODUCTION": "1",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        # The rate limits are not what is measured.
        "API_THROTTLE_TOKEN": "10000000/minute",
        "API_THROTTLE_ANON": "10000000/minute",
    }


def manage(url: str, *args: str, capture: bool = False, production: bool = False) -> str:
    env = production_env(url) if production else {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=capture,
    )
    return done.stdout if capture else ""


def ensure_newsroom(name: str, claims: int, reload: bool) -> None:
    """The loaded database, made (migrated and loaded) only when missing or of another size."""
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    if exists and not reload:
        with psycopg.connect(database_url(name)) as connection:
            # The generated claims are numbered from 1; claims added since (the restatement
            # below) do not make it another size.
            loaded = newsroom.scalar(
                connection, "SELECT count(*) FROM claims_claim WHERE id <= %s", [claims]
            )
        if loaded == claims:
            # Indexes and columns the code gained since the load.
            manage(database_url(name), "migrate", "--verbosity", "0")
            print(f"using {name}: {loaded:,} claims", flush=True)
            return
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    manage(database_url(name), "migrate", "--verbosity", "0")
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "newsroom.py"), "--claims", str(claims)],
        env=env,
        check=True,
    )


SETUP = r"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.conf import settings
from knox.models import get_token_model

User = get_user_model()
reader, _ = User.objects.get_or_create(username="bench-reader")
reader.groups.add(Group.objects.get(name="reader"))
_, token = get_token_model().objects.create(user=reader)
checker, _ = User.objects.get_or_create(username="bench-checker", defaults={"is_staff": True})
checker.groups.add(Group.objects.get(name="fact-checker"))
session = SessionStore()
session["_auth_user_id"] = str(checker.pk)
session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
session["_auth_user_hash"] = checker.get_session_auth_hash()
session.create()
print(token, session.session_key)
"""


# The generated claims are all distinct statements, so none has a similar claim, and the
# similar-claims row would time a search that finds nothing. An archive holds claims restated
# in other words (the same claim reported again, attributed): the first time, the claim the
# benchmark reads gets one such restatement, dated as the claim is (no list's first page
# changes), made as the API makes claims; later runs find it and add nothing.
RESTATEMENT = r"""
from claims.models import Claim
from claims.selectors import similar_claims
from claims.services import claim_create

claim = Claim.objects.get(pk=CLAIM)
if not similar_claims(claim.text, exclude_id=claim.pk):
    restated = claim_create(
        text=claim.text.rstrip(".") + ", officials said.", claimant=claim.claimant
    )
    Claim.objects.filter(pk=restated.pk).update(
        created_at=claim.created_at, updated_at=claim.updated_at
    )
print(len(similar_claims(claim.text, exclude_id=claim.pk)))
"""


def ensure_similar(url: str, claim: int) -> int:
    """How many similar claims `claim` has, after giving it a restatement if it had none."""
    script = RESTATEMENT.replace("CLAIM", str(int(claim)))
    return int(manage(url, "shell", "--command", script, capture=True).split()[-1])


def credentials(url: str) -> tuple[str, str]:
    """A reader's API token and a fact-checker's admin session."""
    token, session = manage(url, "shell", "--command", SETUP, capture=True).split()[-2:]
    return token, session


@dataclass
class Sample:
    label: str
    path: str
    headers: dict[str, str]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# `manage.py serve --workers` when not given: what a deployment runs.
SERVE_WORKERS = int(os.environ.get("WEB_CONCURRENCY", "3"))


def serve(url: str, port: int, workers: int = 1) -> subprocess.Popen:
    """Gunicorn workers (one unless told) as `manage.py serve` runs them, with the benchmark's
    URLs."""
    ready = Path(tempfile.mkdtemp(prefix="bench-ready-"))
    env = {**production_env(url), "BENCH_READY_DIR": str(ready)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factbase.asgi",
            "--worker-class",
            "asgi",
            "--asgi-lifespan",
            "off",
            "--no-control-socket",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            # Says when each worker has loaded the application (nothing else changes).
            "--config",
            "python:bench.gunicorn_ready",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited on start")
            if len(list(ready.iterdir())) >= workers:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    return process
                except OSError:
                    pass
            time.sleep(0.3)
    finally:
        shutil.rmtree(ready, ignore_errors=True)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit(f"gunicorn's {workers} workers were not up within 120 s")


def worker_rss_mib(master: int) -> float | None:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
    except (OSError, IndexError):
        return None
    match = re.search(r"VmRSS:\s+(\d+)", status)
    return int(match.group(1)) / 1024 if match else None


# A page slower than this is timed SLOW_REQUESTS times and not load-tested: at seconds a page,
# 15 requests and a load test would take the benchmark hours, and say nothing more.
SLOW_MS = 2_000
SLOW_REQUESTS = 3


def sequential(port: int, sample: Sample, requests: int) -> tuple[float, int, int, bool]:
    """Median milliseconds of `requests` requests on one kept-alive connection (after two
    warm-ups; fewer for a slow page), the last status and body size, and whether it was slow."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    times = []
    status = size = 0
    slow = False
    number = 0
    while number < (SLOW_REQUESTS + 1 if slow else requests + 2):
        started = time.perf_counter()
        connection.request("GET", sample.path, headers={**PROXY_HEADERS, **sample.headers})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        # The first request may meet a cold cache: the second says whether the page is slow.
        slow = slow or (number >= 1 and elapsed > SLOW_MS)
        if number >= (1 if slow else 2):
            times.append(elapsed)
        status, size = response.status, len(body)
        if status != 200:
            break
        number += 1
    connection.close()
    return (statistics.median(times) if times else float("nan")), status, size, slow


def under_load(port: int, sample: Sample, seconds: int, connections: int) -> tuple[float, float]:
    """Requests per second and p99 milliseconds with `wrk -c connections`."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    for name, value in {**PROXY_HEADERS, **sample.headers}.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{sample.path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate_match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    match = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    if rate_match is None or match is None:
        raise RuntimeError(f"wrk said something unexpected:\n{output}")
    rate = float(rate_match.group(1))
    p99 = float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]
    if "Non-2xx" in output:
        rate = -rate  # marked: some answers were errors
    return rate, p99


@dataclass
class Row:
    what: str
    product: str
    drf: str | None = None
    sql: str | None = None
    admin: bool = False


def endpoints(ids: dict) -> list[Row]:
    claim, source, claimant = ids["claim"], ids["source"], ids["claimant"]
    common, rare = ids["common"], ids["rare"]
    api, drf, sql = "/api/v1", "/bench/drf", "/bench/sql"
    return [
        Row("claims list", f"{api}/claims/", f"{drf}/claims/", f"{sql}/claims/"),
        Row(
            "claims list, 100 a page",
            f"{api}/claims/?page_size=100",
            f"{drf}/claims/?page_size=100",
            f"{sql}/claims/?page_size=100",
        ),
        Row(
            "claims `status=&verdict=`",
            f"{api}/claims/?status=published&verdict=inaccurate",
            f"{drf}/claims/?status=published&verdict=inaccurate",
            f"{sql}/claims/?status=published&verdict=inaccurate",
        ),
        Row(
            f"claims `q=` common word ({common})",
            f"{api}/claims/?q={common}",
            f"{drf}/claims/?q={common}",
            f"{sql}/claims-search/?q={common}",
        ),
        Row(
            f"claims `q=` rare word ({rare})",
            f"{api}/claims/?q={rare}",
            f"{drf}/claims/?q={rare}",
            f"{sql}/claims-search/?q={rare}",
        ),
        Row(
            "claims `claimant_id=` (the most quoted)",
            f"{api}/claims/?claimant_id={claimant}",
            f"{drf}/claims/?claimant={claimant}",
        ),
        Row(f"claims `text=` rare word ({rare})", f"{api}/claims/?text={rare}"),
        Row(f"claims `explanation=` ({rare}, in none)", f"{api}/claims/?explanation={rare}"),
        Row("claims `ordering=-claimed_on`", f"{api}/claims/?ordering=-claimed_on"),
        Row("claims `ordering=-check_worthiness`", f"{api}/claims/?ordering=-check_worthiness"),
        Row("claims `ordering=-reviewed_at`", f"{api}/claims/?ordering=-reviewed_at"),
        Row(
            "claims `updated_since=` (sync)",
            f"{api}/claims/?updated_since=2025-12-01T00:00:00Z",
        ),
        Row(
            "claim detail",
            f"{api}/claims/{claim}/",
            f"{drf}/claims/{claim}/",
            f"{sql}/claim/{claim}/",
        ),
        Row("claim similar", f"{api}/claims/{claim}/similar/"),
        Row("claim history", f"{api}/claims/{claim}/history/"),
        Row("claim ClaimReview", f"{api}/claims/{claim}/claimreview/"),
        Row("sources list", f"{api}/sources/", f"{drf}/sources/", f"{sql}/sources/"),
        Row(
            "source detail",
            f"{api}/sources/{source}/",
            f"{drf}/sources/{source}/",
            f"{sql}/source/{source}/",
        ),
        Row(f"sources `q=` ({common})", f"{api}/sources/?q={common}"),
        Row(f"sources `title=` rare word ({rare})", f"{api}/sources/?title={rare}"),
        Row("sources `url=`", f"{api}/sources/?url={quote(ids['url'], safe='')}"),
        Row("sources `ordering=-published_on`", f"{api}/sources/?ordering=-published_on"),
        Row("entities list", f"{api}/entities/", f"{drf}/entities/", f"{sql}/entities/"),
        Row(
            "entities `kind=person`", f"{api}/entities/?kind=person", f"{drf}/entities/?kind=person"
        ),
        Row("citations list", f"{api}/citations/", f"{drf}/citations/", f"{sql}/citations/"),
        Row(
            "citations `claim_id=`",
            f"{api}/citations/?claim_id={claim}",
            f"{drf}/citations/?claim={claim}",
        ),
        Row(f"citations `quote=` rare word ({rare})", f"{api}/citations/?quote={rare}"),
        Row("ClaimReview feed", f"{api}/claimreview/"),
        Row(f"Fact Check search ({common})", f"{api}/factcheck/claims:search?query={common}"),
        Row("event feed", f"{api}/events/"),
        Row("admin claim changelist", "/admin/claims/claim/", admin=True),
        Row(
            "admin changelist, a filter", "/admin/claims/claim/?status__exact=in_review", admin=True
        ),
        Row(f"admin changelist, search ({common})", f"/admin/claims/claim/?q={common}", admin=True),
        Row("admin claim page", f"/admin/claims/claim/{claim}/change/", admin=True),
    ]


def pick_ids(url: str, seed: int) -> dict:
    with psycopg.connect(url) as connection:
        claim = newsroom.scalar(
            connection,
            "SELECT id FROM claims_claim WHERE status = 'published' AND id >= "
            "(SELECT max(id) / 2 FROM claims_claim) ORDER BY id LIMIT 1",
        )
        source = newsroom.scalar(
            connection,
            "SELECT source_id FROM claims_citation WHERE claim_id = %s ORDER BY id LIMIT 1",
            [claim],
        )
        url = newsroom.scalar(connection, "SELECT url FROM sources_source WHERE id = %s", [source])
        claimant = newsroom.scalar(
            connection,
            "SELECT claimant_id FROM claims_claim WHERE claimant_id IS NOT NULL"
            " GROUP BY claimant_id ORDER BY count(*) DESC LIMIT 1",
        )
    # The generator's vocabulary (the same seed): a word of rank ~150 and one of rank 45,000.
    vocabulary = newsroom.Words(random.Random(seed)).vocabulary
    return {
        "claim": claim,
        "source": source,
        "url": url,
        "claimant": claimant,
        "common": "government",
        "rare": vocabulary[45_000],
    }


def fmt(value: float | None, digits: int = 0) -> str:
    if value is None or value != value:
        return "—"
    return f"{value:,.{digits}f}"


def measure_all(port: int, rows: list[Row], token: str, session: str, args) -> list[dict]:
    api_headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    admin_headers = {"Cookie": f"sessionid={session}"}
    results = []
    for row in rows:
        headers = admin_headers if row.admin else api_headers
        result: dict[str, Any] = {"row": row}
        for kind, path in (("product", row.product), ("drf", row.drf), ("sql", row.sql)):
            if path is None:
                continue
            sample = Sample(row.what, path, headers)
            median, status, size, slow = sequential(port, sample, args.requests)
            rate = p99 = None
            if status == 200 and args.wrk_seconds and not slow:
                rate, p99 = under_load(port, sample, args.wrk_seconds, args.connections)
            result[kind] = {
                "median": median,
                "status": status,
                "bytes": size,
                "rate": rate,
                "p99": p99,
            }
            print(
                f"{row.what} [{kind}]: {status} {size:,} B, median {median:.1f} ms, "
                f"{fmt(rate)} req/s, p99 {fmt(p99)} ms",
                flush=True,
            )
        results.append(result)
    return results


def under_deployed_load(url: str, results: list[dict], token: str, session: str, args) -> None:
    """The product's p99 and throughput under the same load, served by as many workers as
    `manage.py serve` runs (the one-worker figures queue every request behind one process)."""
    api_headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    admin_headers = {"Cookie": f"sessionid={session}"}
    port = free_port()
    server = serve(url, port, args.deployed_workers)
    try:
        for result in results:
            row, product = result["row"], result["product"]
            if product["rate"] is None:  # not load-tested with one worker either
                continue
            sample = Sample(row.what, row.product, admin_headers if row.admin else api_headers)
            # Each worker's first requests meet cold caches: warm them before the timed run.
            under_load(port, sample, 1, args.connections)
            rate, p99 = under_load(port, sample, args.wrk_seconds, args.connections)
            product["deployed"] = {"rate": rate, "p99": p99}
            print(
                f"{row.what} [product, {args.deployed_workers} workers]: "
                f"{fmt(rate)} req/s, p99 {fmt(p99)} ms",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def table(results: list[dict], connections: int, workers: int) -> list[str]:
    lines = [
        f"| endpoint | median ms | p99 ms (c{connections}) | req/s (c{connections}) "
        f"| p99 ms / req/s (c{connections}, {workers} workers) "
        "| DRF viewset median / req/s | SQL ceiling median / req/s | × DRF req/s "
        "| % of SQL req/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        product = result["product"]
        if product["status"] != 200:
            lines.append(f"| {result['row'].what} | HTTP {product['status']} | | | | | | | |")
            continue
        deployed = product.get("deployed")
        at_deployment = f"{fmt(deployed['p99'])} / {fmt(deployed['rate'])}" if deployed else "—"
        drf, sql = result.get("drf"), result.get("sql")

        def pair(other):
            if not other:
                return "—"
            return f"{fmt(other['median'], 1)} / {fmt(other['rate'])}"

        if drf and drf["rate"] and product["rate"]:
            versus_drf = f"{product['rate'] / drf['rate']:.1f}×"
        elif drf and drf["status"] == 200:  # too slow to load-test: the medians' ratio
            versus_drf = f"{drf['median'] / product['median']:.0f}× (medians)"
        else:
            versus_drf = "—"
        versus_sql = (
            f"{100 * product['rate'] / sql['rate']:.0f}%"
            if sql and sql["rate"] and product["rate"]
            else "—"
        )
        lines.append(
            f"| {result['row'].what} | {fmt(product['median'], 1)} | {fmt(product['p99'])} "
            f"| {fmt(product['rate'])} | {at_deployment} | {pair(drf)} | {pair(sql)} "
            f"| {versus_drf} | {versus_sql} |"
        )
    return lines


def importer(args, name: str) -> list[str]:
    """bench_import_throughput.py's table: an empty database and a copy of the loaded one."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "bench_import_throughput.py"),
        "--texts",
        str(args.texts),
        "--docs",
        str(args.import_docs),
        "--jobs",
        *map(str, args.jobs),
        "--database",
        f"{name}_import",
        "--large-template",
        name,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    print(output, flush=True)
    return [line for line in output.splitlines() if line.startswith("|")]


def write_docs(section: str) -> None:
    text = DOCS.read_text()
    block = f"{START}\n{section.rstrip()}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        marker = "\n## Import throughput"
        head, _, tail = text.partition(marker)
        text = f"{head}\n{block}\n{marker}{tail}" if tail else f"{text.rstrip()}\n\n{block}\n"
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--database", help="default: newsroom_<claims>")
    parser.add_argument("--reload", action="store_true", help="Load the newsroom again.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--wrk-seconds", type=int, default=5, help="0: no load test")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--deployed-workers",
        type=int,
        default=SERVE_WORKERS,
        help="Workers for the second load test (default: manage.py serve's); 0: none.",
    )
    parser.add_argument("--texts", type=Path, help="Articles (*.txt) for the importer runs.")
    parser.add_argument("--import-docs", type=int, default=40)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--only", help="Only endpoints whose name contains this.")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Set DATABASE_URL to a server the benchmark may create databases on.")
    if args.wrk_seconds and not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    name = args.database or f"newsroom_{args.claims}"
    ensure_newsroom(name, args.claims, args.reload)
    url = database_url(name)
    # One key for the session made here and the server that checks it.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    token, session = credentials(url)
    # Production serves hashed static files (the admin's), collected as in deployment.
    manage(url, "collectstatic", "--no-input", "--verbosity", "0", production=True)
    ids = pick_ids(url, args.seed)
    similar = ensure_similar(url, ids["claim"])
    print(f"claim {ids['claim']}: {similar} similar claim(s)", flush=True)
    rows = [row for row in endpoints(ids) if not args.only or args.only in row.what]
    load_before = os.getloadavg()[0]
    port = free_port()
    server = serve(url, port)
    try:
        results = measure_all(port, rows, token, session, args)
        rss = worker_rss_mib(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if args.wrk_seconds and args.deployed_workers:
        under_deployed_load(url, results, token, session, args)
    with psycopg.connect(url) as connection:
        counts = connection.execute(
            "SELECT (SELECT count(*) FROM claims_claim), (SELECT count(*) FROM claims_citation),"
            " (SELECT count(*) FROM sources_source), (SELECT count(*) FROM sources_entity),"
            " pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()
    assert counts is not None  # an aggregate answers one row
    import_lines = importer(args, name) if args.texts else []
    today = dt.date.today().isoformat()
    section = [
        "## The newsroom benchmark",
        "",
        f"Measured {today} on {counts[0]:,} claims, {counts[1]:,} citations, {counts[2]:,} sources "
        f"and {counts[3]:,} entities ({counts[4]} database), generated by `bench/newsroom.py`; "
        f"{os.cpu_count()} cores shared with other work (load average {load_before:.1f} before "
        f"the run, {os.getloadavg()[0]:.1f} after). Command:",
        "",
        "```sh",
        "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python \\",
        f"    bench/run_newsroom.py --claims {args.claims}"
        + (f" --texts DIR --import-docs {args.import_docs}" if args.texts else "")
        + " --write-docs",
        "```",
        "",
        f"One gunicorn worker (asyncio, production settings), median of {args.requests} sequential "
        f"requests; p99 and throughput under `wrk -t2 -c{args.connections} -d{args.wrk_seconds}s`. "
        "Beside each endpoint, in the same run on the same data: a typical DRF ModelViewSet "
        "(`bench/reference/viewsets.py`) and one SQL statement building the same JSON page "
        "(`bench/reference/sql.py`, the practical ceiling: no serializer, no authentication). "
        "Negative throughput: some answers under load were not 200. A page slower than "
        f"{SLOW_MS / 1000:.0f} s is timed {SLOW_REQUESTS} times after one warm-up and not "
        "load-tested (—).",
        "",
        f"The claim read (detail, similar, history, ClaimReview) has {similar} similar "
        "claim(s): the benchmark gives it a restatement (its text, attributed) when the "
        "generated data has none.",
        "",
        f"The column `{args.deployed_workers} workers` loads the product again the same "
        f"way, served by {args.deployed_workers} workers as `manage.py serve` runs them by "
        "default (`WEB_CONCURRENCY`), the deployed configuration, after one second of the same "
        "load to warm them; every other column is one worker.",
        "",
        *table(results, args.connections, args.deployed_workers),
        "",
        f"Worker RSS after the run: {fmt(rss)} MiB.",
    ]
    if import_lines:
        section += [
            "",
            f"Importer ({args.import_docs} articles from `--texts`, `import_seeds --jobs N`), "
            "into an empty database and into a copy of the loaded one:",
            "",
            *import_lines,
        ]
    text = "\n".join(section) + "\n"
    print(text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
