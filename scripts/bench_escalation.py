"""What escalation costs the clock process: an estate with a month of tickets (bench_report's November: 50,000,
of which about 5,000 still open and 12,000 done awaiting their return visit, all long past their targets) is
escalated round after round until every level due is written (the backlog a clock process meets after an
outage, 200 alerts a round), then again (nothing new: the cost paid every 5 seconds). Ends with `name: value`
lines; goal: quiet_round_ms_median and backlog_round_ms under 1000 ms (under 1 s of a 5-second clock's time
spent escalating).

    .venv/bin/python scripts/bench_escalation.py [--tickets 50000]
    bash scripts/pg-test-server run .venv/bin/python scripts/bench_escalation.py
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
NOW = datetime(2026, 12, 1, 0, 0)  # the month just ended: all of it within the 30-day horizon
RUNS = 5


def measure(url, count):
    """(ms per backlog round, alerts written, rounds, [quiet round ms], tickets timed)."""
    from bench_report import NOVEMBER, fill_estate, fill_month
    from webapp.db import apply_migrations, db, open_database
    from webapp.models import Ticket
    from webapp.models.escalation import escalate_overdue
    db.initialize(open_database(url, None))
    if url.startswith("postgres"):
        db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    apply_migrations()
    with db.connection_context():
        estate, units, places, head = fill_estate()
        fill_month(estate, units, places, head, NOVEMBER, count, "N", random.Random(16))
        if url.startswith("postgres"):
            db.execute_sql("ANALYZE")
        timed = Ticket.select().where(Ticket.state.in_(("accepted", "done"))).count()
        began, written, rounds = time.perf_counter(), 0, 0
        while True:  # the backlog, a round's worth at a time, as the clock process clears it
            wrote = escalate_overdue(NOW)
            if not wrote:
                break
            written, rounds = written + wrote, rounds + 1
        first = (time.perf_counter() - began) * 1000 / max(rounds, 1)
        quiet = []
        for _ in range(RUNS):
            began = time.perf_counter()
            assert escalate_overdue(NOW) == 0
            quiet.append((time.perf_counter() - began) * 1000)
    if hasattr(db.obj, "close_all"):
        db.obj.close_all()
    return first, written, rounds, sorted(quiet), timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/escalation.sqlite3"
        first, written, rounds, quiet, timed = measure(url, args.tickets)
    print(f"database: {url.split(':')[0]}")
    print(f"tickets: {args.tickets}")
    print(f"tickets_timed: {timed}")
    print(f"backlog_alerts: {written}")
    print(f"backlog_rounds: {rounds}")
    print(f"backlog_round_ms: {first:.0f}")
    print(f"quiet_round_ms_median: {statistics.median(quiet):.0f}")
    print(f"quiet_round_ms_max: {quiet[-1]:.0f}")


if __name__ == "__main__":
    main()
