"""What the supervisors' patrol board costs after a year of rounds: 200 checkpoints (10 routes of 20), each route
walked 12 times a day (every 2 h), 365 days of history — 43,800 rounds and about 870,000 checkpoint visits.

A migrated database (SQLite in a temporary folder, or DATABASE_URL's PostgreSQL) is filled in bulk (a round in 17
is missed, one in 13 left incomplete, a visit in 50 flagged); then the board's queries for today (make_rounds,
the rounds with their visit counts, exceptions first) and the exceptions report for one day are each run 20 times.
Ends with `name: value` lines: patrol_generate_s, patrol_board_ms_median, patrol_board_ms_p95,
patrol_exceptions_ms_median, patrol_exceptions_ms_p95. Goal: the board well under 50 ms, whatever the history.

    .venv/bin/python scripts/bench_patrol.py [--days 365]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
ROUTES, STOPS, EVERY_H, RUNS, CHUNK = 10, 20, 2, 20, 2000
NOW = datetime(2026, 11, 23, 5, 0)  # 13:00 in Shanghai: today's first rounds walked, the rest to come
ZONE = ZoneInfo("Asia/Shanghai")


def setup(estate):
    """The routes, their checkpoints and plans, and a guard; {plan id: (route id, [stop ids])}."""
    from webapp.models import Plan, Route, RouteStop, Staff
    from webapp.models.patrol import save_plan
    from webapp.models.place import create_place
    guard = Staff.create(username="bench-guard", name="巡逻员", role="security", team="security", password_hash="x")
    plans = {}
    for r in range(ROUTES):
        route = Route.create(estate=estate, name=f"{r + 1}号路线")
        stops = [RouteStop.create(route=route, position=n, walk_minutes=2 if n else 0,
                                  place=create_place(estate, name=f"{r + 1}-{n + 1}号点", kind="checkpoint"))
                 for n in range(STOPS)]
        plan = save_plan(estate, route, "security", "00:00", "22:00", EVERY_H * 60)
        plans[plan.id] = (route.id, [s.id for s in stops])
    Plan.update(created_at=NOW - timedelta(days=800)).execute()
    return guard, plans


def history(estate, guard, plans, days):
    """Every round of `days` days up to today, walked (or not), in bulk; returns how many visits it wrote."""
    from webapp.db import db
    from webapp.models import Round, Visit
    today = NOW.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZONE).date()
    fields = [Round.estate, Round.plan, Round.route, Round.team, Round.starts_at, Round.ends_at, Round.closes_at,
              Round.state, Round.stops, Round.covered, Round.assignee, Round.first_assignee]
    rows, n = [], 0
    for d in range(days):
        day = today - timedelta(days=days - 1 - d)
        for plan_id, (route_id, stops) in plans.items():
            for hour in range(0, 24, EVERY_H):
                start = datetime(day.year, day.month, day.day, hour, tzinfo=ZONE).astimezone(ZoneInfo("UTC"))
                start = start.replace(tzinfo=None)
                n += 1
                state, covered = _outcome(n, start)
                rows.append((estate.id, plan_id, route_id, "security", start, start + timedelta(minutes=60),
                             start + timedelta(minutes=75), state, STOPS, covered, guard.id, guard.id))
    with db.atomic():
        for i in range(0, len(rows), CHUNK):
            Round.insert_many(rows[i:i + CHUNK], fields=fields).execute()
    ids = {(r.plan_id, r.starts_at): r.id for r in Round.select(Round.id, Round.plan, Round.starts_at)}
    visit_fields = [Visit.round, Visit.stop, Visit.by, Visit.client_id, Visit.via, Visit.at, Visit.received_at,
                    Visit.verdict, Visit.counted, Visit.flags]
    written, batch = 0, []
    with db.atomic():
        for row in rows:
            round_id, stops = ids[(row[1], row[4])], plans[row[1]][1]
            for k in range(row[9]):
                at = row[4] + timedelta(minutes=3 + 2 * k)
                batch.append((round_id, stops[k], guard.id, f"b{round_id}-{k}", "camera", at, at, "on_time", True,
                              "typed" if (round_id + k) % 50 == 0 else ""))
            if len(batch) >= CHUNK:
                Visit.insert_many(batch, fields=visit_fields).execute()
                written, batch = written + len(batch), []
        if batch:
            Visit.insert_many(batch, fields=visit_fields).execute()
            written += len(batch)
    return len(rows), written


def _outcome(n, start):
    if start > NOW:
        return "waiting", 0
    if n % 17 == 0:
        return "missed", 0
    return ("incomplete", STOPS - 5) if n % 13 == 0 else ("done", STOPS)


def timed(work):
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work()
        timings.append((time.perf_counter() - began) * 1000)
    return sorted(timings)


def measure(url, days):
    from webapp.db import apply_migrations, db, open_database
    from webapp.models.estate import new_estate
    from webapp.models.patrol import make_rounds
    from webapp.models.patrol_report import board, exceptions_report, shift_bounds
    db.initialize(open_database(url, None))
    apply_migrations()
    with db.connection_context():
        began = time.perf_counter()
        with db.atomic():
            estate = new_estate("BENCH", "测速花园")
            guard, plans = setup(estate)
        made, visits = history(estate, guard, plans, days)
        generated = time.perf_counter() - began
        if db.__class__.__name__.startswith("Postgres") or "postgres" in url:
            db.execute_sql("ANALYZE")
        teams = ["security", "engineering"]
        yesterday = (NOW - timedelta(days=1)).replace(tzinfo=ZoneInfo("UTC")).astimezone(ZONE).date()

        def show_board():
            make_rounds(estate, NOW)
            rows, _names = board(estate, teams, NOW)
            assert len(rows) >= ROUTES * 24 // EVERY_H, len(rows)

        board_ms = timed(show_board)
        report_ms = timed(lambda: exceptions_report(estate, teams, *shift_bounds(estate, yesterday)))
        plans_used = _plans(db, url, estate)
    return generated, made, visits, board_ms, report_ms, plans_used


def _plans(db, url, estate):
    """How the database reads today's rounds and their visits (SQLite only): the indexes it uses."""
    if not url.startswith("sqlite"):
        return []
    start = NOW - timedelta(days=1)
    found = []
    for sql, params in (("SELECT * FROM round WHERE estate_id = ? AND starts_at >= ? AND starts_at < ?",
                         (estate.id, start, NOW)),
                        ("SELECT round_id, COUNT(*) FROM visit WHERE round_id IN (1, 2, 3) GROUP BY round_id", ())):
        found += [row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/patrol.sqlite3"
        generated, made, visits, board_ms, report_ms, plans = measure(url, args.days)
    print(f"patrol board over {ROUTES} routes x {STOPS} checkpoints, {24 // EVERY_H} rounds a day, {args.days} days: "
          f"{made} rounds, {visits} visits ({url.split(':')[0]})")
    for line in plans:
        print(f"  plan: {line}")
    print(f"patrol_generate_s: {generated:.1f}")
    print(f"patrol_board_ms_median: {statistics.median(board_ms):.2f}")
    print(f"patrol_board_ms_p95: {board_ms[int(len(board_ms) * 0.95)]:.2f}")
    print(f"patrol_exceptions_ms_median: {statistics.median(report_ms):.2f}")
    print(f"patrol_exceptions_ms_p95: {report_ms[int(len(report_ms) * 0.95)]:.2f}")


if __name__ == "__main__":
    main()
