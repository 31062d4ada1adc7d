"""What the monthly report costs: November 2026 of one estate with 50,000 tickets (and October's for the comparison
with the previous period), each with its events (taken, routed, accepted, on site, done, some reopened) and return
visits, in a realistic mix of kinds, channels, buildings and categories. A migrated database (SQLite in a temporary
folder, or DATABASE_URL's PostgreSQL) is filled in bulk; then GET /reports/monthly?month=2026-11 is asked for RUNS
times by the CS head through the test client. Ends with `name: value` lines; goal: report_ms_median under 1000.

    .venv/bin/python scripts/bench_report.py [--tickets 50000]
    bash scripts/pg-test-server run .venv/bin/python scripts/bench_report.py
"""
import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
RUNS, CHUNK = 5, 2000
NOVEMBER, OCTOBER = datetime(2026, 10, 31, 16, 0), datetime(2026, 9, 30, 16, 0)  # local midnight, in UTC
NOW = datetime(2026, 12, 2, 2, 0)
PASSWORD = "bench-pass-1"
KINDS = ["repair"] * 55 + ["help"] * 10 + ["complaint"] * 10 + ["inquiry"] * 15 + ["suggestion"] * 5 + ["challenge"] * 5
CHANNELS = ["phone"] * 5 + ["walk_in"] * 2 + ["qr"] * 3 + ["patrol", "email", "letter"]
CATEGORIES = ("plumbing", "electrical", "doors_windows", "lift", "public_facilities", "other")


def fill_estate():
    """The estate with 10 buildings of 200 units, 5 places and a CS head; returns (estate, units, places, head)."""
    from werkzeug.security import generate_password_hash
    from webapp.db import db
    from webapp.models import Building, Membership, Place, Staff, Unit
    from webapp.models.estate import new_estate
    with db.atomic():
        estate = new_estate("BENCH", "测速花园")
        units = []
        for b in range(1, 11):
            building = Building.create(estate=estate, number=b, name=f"{b}号楼")
            units += [Unit.create(estate=estate, building=building, floor=f, number=f"{b}-{f}{d:02d}").id
                      for f in range(1, 21) for d in range(1, 11)]
        places = [Place.create(estate=estate, name=f"{n}号电梯厅", kind="lift_lobby", token=f"bench{n}").id
                  for n in range(1, 6)]
        head = Staff.create(username="bench-head", name="客服主管", role="cs_head",
                            password_hash=generate_password_hash(PASSWORD))
        Membership.create(staff=head, estate=estate)
    return estate, units, places, head


def fill_month(estate, units, places, head, start, count, prefix, rng):
    """`count` tickets spread over the 30 days from `start`, with their events and return visits."""
    from webapp.db import db
    from webapp.models import Revisit, Ticket, TicketEvent
    tickets, steps = [], []
    for n in range(count):
        kind = rng.choice(KINDS)
        created = start + timedelta(seconds=rng.randrange(30 * 86400))
        accepted = created + timedelta(minutes=rng.expovariate(1 / 25))
        arrived = accepted + timedelta(minutes=rng.expovariate(1 / 40)) if kind in ("repair", "help") else None
        done = accepted + timedelta(minutes=rng.expovariate(1 / 600)) if rng.random() < 0.9 else None
        state = "closed" if done and rng.random() < 0.7 else ("done" if done else "accepted")
        tickets.append(dict(estate=estate.id, number=f"{prefix}{n:07d}", kind=kind, channel=rng.choice(CHANNELS),
                            category=rng.choice(CATEGORIES) if kind == "repair" else "",
                            team="engineering" if kind == "repair" else ("security" if kind == "help" else None),
                            unit=rng.choice(units), place=rng.choice(places) if rng.random() < 0.1 else None,
                            description="厨房水管漏水", state=state, created_at=created,
                            updated_at=done or accepted,
                            accepted_at=accepted, done_at=done, closed_at=done if state == "closed" else None,
                            satisfaction=rng.choice((5, 5, 5, 4, 4, 3, 2)) if state == "closed" else None))
        steps.append((created, accepted, arrived, done, state, rng.random() < 0.03))
    with db.atomic():
        for i in range(0, count, CHUNK):
            Ticket.insert_many(tickets[i:i + CHUNK]).execute()
    ids = [t.id for t in Ticket.select(Ticket.id).where(Ticket.number.startswith(prefix)).order_by(Ticket.number)]
    events, visits = [], []
    for tid, (created, accepted, arrived, done, state, reopened) in zip(ids, steps):
        events += [dict(ticket=tid, at=created, actor=head.id, action="take", to_state="new"),
                   dict(ticket=tid, at=created, action="route", to_state="dispatched"),
                   dict(ticket=tid, at=accepted, actor=head.id, action="accept", to_state="accepted")]
        if arrived:
            events.append(dict(ticket=tid, at=arrived, actor=head.id, action="arrive", to_state="on_site"))
        if done:
            events.append(dict(ticket=tid, at=done, actor=head.id, action="finish", to_state="done"))
        if reopened and done:
            events.append(dict(ticket=tid, at=done, action="reopen", to_state="dispatched"))
        if state == "closed":
            visits.append(dict(ticket=tid, at=done + timedelta(hours=20), by=head.id, reached=True, satisfaction=5))
    with db.atomic():
        for i in range(0, len(events), CHUNK):
            TicketEvent.insert_many(events[i:i + CHUNK]).execute()
        for i in range(0, len(visits), CHUNK):
            Revisit.insert_many(visits[i:i + CHUNK]).execute()
    return len(events)


def measure(url, count):
    """The report page's timings (ms, sorted) and the figures it shows."""
    from webapp import clock, create_app
    from webapp.db import apply_migrations, db, open_database
    from webapp.models.report import period, report
    db.initialize(open_database(url, None))
    if url.startswith("postgres"):
        db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    apply_migrations()
    rng = random.Random(16)
    with db.connection_context():
        estate, units, places, head = fill_estate()
        events = fill_month(estate, units, places, head, NOVEMBER, count, "N", rng)
        fill_month(estate, units, places, head, OCTOBER, count * 9 // 10, "O", rng)
        if url.startswith("postgres"):
            db.execute_sql("ANALYZE")
        data = report([estate], period(datetime(2026, 11, 1).date(), datetime(2026, 11, 30).date(), estate.timezone))
    print(f"filled: {count} tickets and {events} events in November, {count * 9 // 10} tickets in October")
    db.close()
    app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "DATABASE_URL": url})
    client = app.test_client()
    with clock.frozen_at(NOW):
        assert client.post("/login", data={"login": "bench-head", "password": PASSWORD}).status_code == 302
        assert client.get("/reports/monthly?month=2026-11").status_code == 200  # warm the templates
        timings = []
        for _ in range(RUNS):
            gc.collect()
            began = time.perf_counter()
            response = client.get("/reports/monthly?month=2026-11")
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
    if hasattr(db.obj, "close_all"):
        db.obj.close_all()
    return sorted(timings), data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/report.sqlite3"
        timings, data = measure(url, args.tickets)
    now = data["current"]
    print(f"tickets: {now['total']}; KPIs: {now['kpis']}")
    for stage, kinds in now["times"].items():
        print(f"{stage}: " + ", ".join(f"{k} median {s['median']} p90 {s['p90']} within {s['within']}%"
                                       for k, s in kinds.items()))
    print(f"monthly report page, {args.tickets} tickets ({url.split(':')[0]}): runs {[round(t) for t in timings]} ms")
    print(f"report_ms_median: {statistics.median(timings):.0f}")


if __name__ == "__main__":
    main()
