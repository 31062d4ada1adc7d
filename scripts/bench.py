"""Benchmark of the live engineering queue: how fast is it next to a bare Flask app, and does it
stay fast when the estate has a long history?

What it measures (all on 127.0.0.1, each served by the same command,
`gunicorn --workers W --bind 127.0.0.1:PORT APP`, sync workers as in the Procfile):

  hello      scripts/bench_hello.py, a Flask app answering "hello": the ceiling for any page
  queue      GET /queue/engineering, the full page, signed in as engineer eng2, on the big database
  poll       GET /queue/engineering?since=<cursor>&pass=<signed> with HX-Request: the 204 the queue's poll gets
             every second while nothing changed, on the big database
  queue_10k  the queue page on the small database (10,000 history tickets), for the p99 comparison

The databases are built first in a temp dir: the demo estates plus N closed tickets of the CH estate
over two years (10,000 for `small`, --tickets for `big`), and the same 60 tickets waiting in the
engineering queue and 20 held by eng2 in both.

Every measurement is run 3 times with a fresh server (runs are noisy, see shared/MEASURED.md); the
report shows each run and the median. The poll cursor moves when the minute turns, so each poll run
starts just after a minute boundary with a fresh cursor, and one request before and one after the
run must answer 204 (the mean bytes per response, ~200 for a 204, confirms it for the whole run).

How to read it: the closing `name: value` lines are the figures. queue/hello and poll/hello are the
share of the ceiling a page reaches (rps ratios); p99_big/p99_10k near 1.00 means the history does
not slow the queue down (every list is served by an index). Latencies are in ms, rates in req/s.

    .venv/bin/python scripts/bench.py --tickets 100000 [--duration 10] [--connections 8] [--workers 3] [--keep]
"""
import argparse
import html
import http.cookiejar
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
BIN = os.path.dirname(sys.executable)  # the venv's bin: gunicorn sits beside this python
HOST = "127.0.0.1"  # the only address this script ever sends traffic to
SMALL_TICKETS = 10_000
WAITING, HELD = 60, 20
RUNS = 3
CHUNK = 5_000
ENGINEER, PASSWORD = "eng2", "demo1234"
# One User-Agent for sign-in and load: Flask-Login's session protection hashes it with the address, and
# a client whose agent changed gets its session rewritten (a Set-Cookie) on every response.
USER_AGENT = "servicedesk-bench"
QUEUE_PATH = "/queue/engineering"
APP = "webapp:create_app()"  # gunicorn's app spec, run from the repository root


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000, help="history tickets in the big database")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run (at most 45)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the databases and logs")
    args = parser.parse_args()
    if not 1 <= args.duration <= 45:
        parser.error("--duration must be 1..45 s: a poll run has to fit inside one wall-clock minute")
    return args


# ---- seeding ---------------------------------------------------------------------------------------

HISTORY_KINDS = ["repair"] * 45 + ["help"] * 15 + ["inquiry"] * 20 + ["complaint"] * 10 + \
    ["suggestion"] * 5 + ["challenge"] * 5
CHANNELS = ("phone", "phone", "phone", "walk_in", "qr", "email", "letter", "patrol")
TEXTS = {"repair": "厨房水龙头漏水，关不紧", "help": "钥匙锁在屋里，请求协助", "inquiry": "物业费缴纳方式有哪些？",
         "complaint": "楼道垃圾堆放，保洁不及时", "suggestion": "建议增加快递柜数量", "challenge": "对公摊电费计算方式有疑问"}
FIELDS = ("estate", "number", "kind", "channel", "category", "team", "unit", "contact_name", "contact_phone",
          "description", "urgent", "state", "taken_by", "assignee", "needs_revisit", "reply", "satisfaction",
          "paid", "created_at", "updated_at", "accepted_at", "done_at", "closed_at")


def build_database(path, history, reuse):
    """Migrate, load the demo and seed `history` closed tickets plus the open queue; returns seconds."""
    from webapp.db import apply_migrations, db, open_database
    db.initialize(open_database("sqlite:///" + path, None))
    if reuse and os.path.exists(path):
        apply_migrations()
        print(f"  reusing {path} (seeding time not measured: 0.0)")
        return 0.0
    for leftover in (path, path + "-wal", path + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    started = time.perf_counter()
    apply_migrations()
    with db.connection_context():
        from webapp import demo
        demo.load()
        seed_tickets(history)
    took = time.perf_counter() - started
    print(f"  built {os.path.basename(path)}: {history:,} history tickets in {took:.1f} s")
    return took


def seed_tickets(history):
    """The closed history and the open queue of the CH estate, inserted in chunks in one transaction."""
    from webapp import clock
    from webapp.db import db
    from webapp.models import Estate, Staff, Unit
    estate = Estate.get(Estate.code == "CH").id
    staff = {s.username: s.id for s in Staff.select()}
    units = [u.id for u in Unit.select(Unit.id).where(Unit.estate == estate)]
    now, rng = clock.utcnow(), random.Random(42)
    with db.atomic():
        insert_chunked(history_rows(history, estate, staff, units, now, rng))
        insert_chunked(open_rows(estate, staff, units, now, rng))


def insert_chunked(rows):
    from webapp.models import Ticket
    fields = [getattr(Ticket, name) for name in FIELDS]
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            Ticket.insert_many(chunk, fields=fields).execute()
            chunk = []
    if chunk:
        Ticket.insert_many(chunk, fields=fields).execute()


def history_rows(n, estate, staff, units, now, rng):
    """N finished tickets created over the past two years, numbered H0000001…, in FIELDS order."""
    desks, engineers, guards = ([staff[u] for u in names] for names in
                                (("desk1", "desk2"), ("eng1", "eng2", "eng3"), ("guard1", "guard2", "guard3")))
    for i in range(1, n + 1):
        kind = rng.choice(HISTORY_KINDS)
        created = now - timedelta(days=1 + rng.random() * 729)
        team = "engineering" if kind == "repair" else ("security" if kind == "help" else None)
        assignee = rng.choice(engineers if team == "engineering" else guards) if team else rng.choice(desks)
        state = "resolved_at_desk" if kind == "inquiry" else ("cancelled" if i % 50 == 0 else "closed")
        accepted = created + timedelta(minutes=rng.randint(2, 60))
        done = accepted + timedelta(minutes=rng.randint(20, 600))
        closed = done + timedelta(hours=rng.randint(2, 72))
        yield (estate, f"H{i:07d}", kind, rng.choice(CHANNELS), "plumbing" if kind == "repair" else "", team,
               rng.choice(units), "业主", f"139{rng.randrange(10**8):08d}", TEXTS[kind], rng.random() < 0.05,
               state, rng.choice(desks), assignee, False, "已处理完毕，业主确认", rng.choice((3, 4, 5, 5, 5)),
               (rng.random() < 0.3) if kind == "repair" else None, created, closed, accepted, done, closed)


def open_rows(estate, staff, units, now, rng):
    """60 repairs waiting in the engineering queue and 20 accepted by eng2, numbered O0000001…"""
    for i in range(1, WAITING + HELD + 1):
        created = now - timedelta(minutes=rng.randint(1, 240))
        held = i > WAITING
        yield (estate, f"O{i:07d}", "repair", rng.choice(CHANNELS), "plumbing", "engineering", rng.choice(units),
               "业主", f"139{rng.randrange(10**8):08d}", TEXTS["repair"], i % 10 == 0,
               "accepted" if held else "dispatched", staff["desk1"], staff[ENGINEER] if held else None, True,
               None, None, None, created, created, created + timedelta(minutes=1) if held else None, None, None)


# ---- servers ---------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`gunicorn --workers W --bind 127.0.0.1:PORT APP` in `cwd`, up on enter, stopped on exit."""

    def __init__(self, app, cwd, workers, log_path, database=None):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        env = dict(os.environ, DATABASE_URL="sqlite:///" + database) if database else dict(os.environ)
        command = [os.path.join(BIN, "gunicorn"), "--workers", str(workers), "--bind", f"{HOST}:{self.port}", app]
        self.log = open(log_path, "a")
        self.proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.proc.returncode}); its log ends:\n{self.log_tail()}")
            try:
                urllib.request.urlopen(self.base + "/", timeout=2).read()
                return self
            except urllib.error.HTTPError:
                return self  # answers (a redirect to /login or a 404 is an answer)
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer within 60 s; its log ends:\n{self.log_tail()}")

    def log_tail(self, lines=15):
        self.log.flush()
        with open(self.log.name) as log:
            return "".join(log.readlines()[-lines:])

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# ---- HTTP helpers ----------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base):
    """Sign in as the engineer through the real form; returns the `session` cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    if not token:
        raise SystemExit("no csrf_token hidden input on GET /login")
    form = urllib.parse.urlencode({"login": ENGINEER, "password": PASSWORD, "csrf_token": token.group(1)})
    try:
        opener.open(base + "/login", data=form.encode(), timeout=10)
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise SystemExit(f"POST /login answered {answer.code}, expected 302")
    # Open the queue once, as a browser would, and keep the session cookie that comes back: the app may
    # add to the session on the first page (a cookie it never sees again would be rewritten every time).
    opener.open(base + QUEUE_PATH, timeout=30).read()
    cookie = next((c.value for c in jar if c.name == "session"), None)
    if not cookie:
        raise SystemExit("POST /login set no session cookie")
    return cookie


def fetch(url, cookie=None, htmx=False):
    """One GET; returns (status, body)."""
    request = urllib.request.Request(url, headers=_headers(cookie, htmx))
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode()


def _headers(cookie, htmx):
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = f"session={cookie}"
    if htmx:
        headers["HX-Request"] = "true"
    return headers


def queue_poll_path(base, cookie):
    """The URL the open queue polls (its hx-get: cursor and signed poll pass), as htmx requests it."""
    status, body = fetch(base + QUEUE_PATH, cookie)
    found = re.search(r'<[^>]*data-cursor="([^"]+)"[^>]*hx-get="([^"]+)"', body)
    if status != 200 or not found:
        raise SystemExit(f"GET {QUEUE_PATH} answered {status} without a polling list (signed in as {ENGINEER}?)")
    path = html.unescape(found.group(2))
    if f"since={found.group(1)}" not in path:
        raise SystemExit(f"the queue polls {path}, which does not carry its cursor {found.group(1)}")
    return path


def warm_up(url, cookie=None, htmx=False, times=10):
    """A few requests first, so every worker has its templates compiled before the clock runs."""
    for _ in range(times):
        fetch(url, cookie, htmx)


def sleep_past_minute():
    """Sleep until hh:mm:01 (now, if it is just past a minute boundary)."""
    second = time.time() % 60
    if not 1 <= second < 3:
        time.sleep((61 - second) % 60)


# ---- wrk -------------------------------------------------------------------------------------------

def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk missing: installing Debian's wrk")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if not shutil.which("wrk"):
        raise SystemExit("error: the load generator wrk is missing; install it (Debian: apt-get install wrk)")


def run_wrk(url, args, cookie=None, htmx=False):
    """One bounded wrk run against 127.0.0.1; returns the parsed figures."""
    if urllib.parse.urlsplit(url).hostname != HOST:
        raise SystemExit(f"refusing to load anything but {HOST}: {url}")
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "--latency"]
    for name, value in _headers(cookie, htmx).items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(command + [url], capture_output=True, text=True, timeout=args.duration + 60)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return parse_wrk(done.stdout)


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
UNITS_BYTES = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}


def parse_wrk(text):
    """Requests/sec, the 99% latency in ms, bytes per response and the error counts of wrk's report."""
    rps = re.search(r"Requests/sec:\s*([\d.]+)", text)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m|h)\b", text)
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB|TB) read", text)
    if not (rps and p99 and total):
        raise SystemExit("could not read wrk's output:\n" + text)
    requests = int(total.group(1))
    read = float(total.group(2)) * UNITS_BYTES[total.group(3)]
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return dict(rps=float(rps.group(1)), p99_ms=float(p99.group(1)) * UNITS_MS[p99.group(2)],
                requests=requests, bytes_per_response=read / max(requests, 1),
                socket_errors=sum(map(int, errors.groups())) if errors else 0,
                non2xx=int(non2xx.group(1)) if non2xx else 0)


# ---- measurements ----------------------------------------------------------------------------------

def measure_hello(args, logs):
    with Server("bench_hello:app", os.path.join(ROOT, "scripts"), args.workers, logs) as server:
        warm_up(server.base + "/")
        return run_wrk(server.base + "/", args)


def serve_app(args, logs, database):
    """The app on `database`, migrated first: a migration added to the tree since seeding would stop it."""
    from webapp.db import apply_migrations, db, open_database
    db.initialize(open_database("sqlite:///" + database, None))
    apply_migrations()
    return Server(APP, ROOT, args.workers, logs, database)


def measure_queue(args, logs, database):
    with serve_app(args, logs, database) as server:
        cookie = sign_in(server.base)
        queue_poll_path(server.base, cookie)  # fails loudly if not signed in
        warm_up(server.base + QUEUE_PATH, cookie)
        return run_wrk(server.base + QUEUE_PATH, args, cookie)


def measure_poll(args, logs, database):
    """The unchanged poll, started just past a minute boundary, checked for 204 before and after."""
    with serve_app(args, logs, database) as server:
        cookie = sign_in(server.base)
        sleep_past_minute()
        url = server.base + queue_poll_path(server.base, cookie)
        warm_up(url, cookie, htmx=True)
        before = fetch(url, cookie, htmx=True)[0]
        figures = run_wrk(url, args, cookie, htmx=True)
        after = fetch(url, cookie, htmx=True)[0]
        figures.update(before=before, after=after)
        return figures


def three_runs(name, measure):
    """Run `measure` RUNS times, printing each run; returns the runs."""
    runs = []
    for n in range(1, RUNS + 1):
        figures = measure()
        runs.append(figures)
        print(f"  {name:10} run {n}: {describe(figures)}", flush=True)
    return runs


def describe(f):
    text = (f"{f['rps']:8.0f} req/s  p99 {f['p99_ms']:8.2f} ms  {f['requests']:7d} requests"
            f"  {f['bytes_per_response']:7.0f} B/response")
    if f["socket_errors"] or f["non2xx"]:
        text += f"  !! socket errors {f['socket_errors']}, non-2xx/3xx {f['non2xx']}"
    if "before" in f:
        text += f"  status before/after: {f['before']}/{f['after']}"
    return text


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def poll_problems(runs):
    """What is wrong with the poll runs: any check that was not 204, or full pages in the run."""
    problems = [f"run {n}: status before/after {r['before']}/{r['after']} (expected 204/204)"
                for n, r in enumerate(runs, 1) if (r["before"], r["after"]) != (204, 204)]
    problems += [f"run {n}: {r['bytes_per_response']:.0f} B per response, a 204 is ~200 B: 200s in the run?"
                 for n, r in enumerate(runs, 1) if r["bytes_per_response"] > 1000]
    return problems


# ---- report ----------------------------------------------------------------------------------------

def figures_of(results, args, seeding):
    hello, queue, poll, small = (results[k] for k in ("hello", "queue", "poll", "queue_10k"))
    p99_small, p99_big = median(small, "p99_ms"), median(queue, "p99_ms")
    return [
        ("hello_rps", f"{median(hello, 'rps'):.0f}"),
        ("queue_rps", f"{median(queue, 'rps'):.0f}"),
        ("queue_p99_ms", f"{p99_big:.2f}"),
        ("poll_rps", f"{median(poll, 'rps'):.0f}"),
        ("poll_p99_ms", f"{median(poll, 'p99_ms'):.2f}"),
        ("queue/hello", f"{median(queue, 'rps') / median(hello, 'rps'):.2f}"),
        ("poll/hello", f"{median(poll, 'rps') / median(hello, 'rps'):.2f}"),
        ("queue_rps_10k", f"{median(small, 'rps'):.0f}"),
        ("queue_p99_10k_ms", f"{p99_small:.2f}"),
        ("queue_p99_big_ms", f"{p99_big:.2f}"),
        ("big_tickets", str(args.tickets)),
        ("p99_big/p99_10k", f"{p99_big / p99_small:.2f}"),
        ("seed_10k_s", f"{seeding['small']:.1f}"),
        ("seed_big_s", f"{seeding['big']:.1f}"),
        ("poll_checked_204", "no" if poll_problems(poll) else "yes"),
    ]


def report(results, args, seeding):
    print("\n==== summary (median of 3 runs) ====")
    print(f"gunicorn --workers {args.workers} (sync), wrk -t2 -c{args.connections} -d{args.duration}s, 127.0.0.1")
    for name, runs in results.items():
        print(f"  {name:10} {median(runs, 'rps'):8.0f} req/s  p99 {median(runs, 'p99_ms'):8.2f} ms")
    for problem in poll_problems(results["poll"]):
        print(f"  !! poll {problem}")
    figures = figures_of(results, args, seeding)
    shares = dict(figures)
    if float(shares["queue/hello"]) < 0.35:
        print(f"  !! the queue page reaches {shares['queue/hello']} of hello (under 0.35)")
    if float(shares["poll/hello"]) < 0.70:
        print(f"  !! the unchanged poll reaches {shares['poll/hello']} of hello (under 0.70)")
    print()
    for name, value in figures:
        print(f"{name}: {value}")


def main():
    args = parse_args()
    ensure_wrk()
    workdir = os.path.join(tempfile.gettempdir(), "servicedesk-bench") if args.keep else tempfile.mkdtemp(
        prefix="servicedesk-bench-")
    os.makedirs(workdir, exist_ok=True)
    try:
        run(args, workdir)
    finally:
        if args.keep:
            print(f"(kept {workdir})")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir):
    small = os.path.join(workdir, f"small-{SMALL_TICKETS}.sqlite3")
    big = os.path.join(workdir, f"big-{args.tickets}.sqlite3")
    logs = os.path.join(workdir, "gunicorn.log")
    print(f"==== seeding ({workdir}) ====")
    seeding = {"small": build_database(small, SMALL_TICKETS, args.keep),
               "big": build_database(big, args.tickets, args.keep)}
    print("\n==== load: each measurement 3 times, a fresh gunicorn each time ====")
    print("  (load average before: %.2f %.2f %.2f; other work on the 2 cores skews the figures)" % os.getloadavg())
    results = {"hello": three_runs("hello", lambda: measure_hello(args, logs)),
               "queue": three_runs("queue", lambda: measure_queue(args, logs, big)),
               "poll": three_runs("poll", lambda: measure_poll(args, logs, big)),
               "queue_10k": three_runs("queue_10k", lambda: measure_queue(args, logs, small))}
    report(results, args, seeding)


if __name__ == "__main__":
    main()
