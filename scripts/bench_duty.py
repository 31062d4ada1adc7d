"""What "who is on duty now" costs: dispatch asks it for every help request and repair, the board on every redraw.

A migrated database (SQLite in a temporary folder, or DATABASE_URL's PostgreSQL) gets an estate with six teams,
three shifts each (one overnight), rotations over ten people each and a year of hand-made overrides; then the
question is asked at moments spread over a week, each at its own minute.
Ends with `name: value` lines: duty_query_ms_median and duty_query_ms_p95. Goal: well under 5 ms.

    .venv/bin/python scripts/bench_duty.py
"""
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
TEAMS = ("security", "engineering", "cleaning", "greening", "parking", "reception")
SHIFTS = (("早班", "08:00", "16:00"), ("中班", "16:00", "22:00"), ("夜班", "22:00", "08:00"))
ASKS = 500


def roster(estate):
    """Six teams, three shifts each, ten people a rotation, an override a day for a year."""
    from webapp.domain.vocabulary import team_of
    from webapp.models import Duty, Membership, Rotation, Shift, Staff, Team
    for team in TEAMS[2:]:
        Team.create(estate=estate, code=team, name=team)
    for team in TEAMS:
        people = [Staff.create(username=f"{team}{n}", name=f"{team}{n}", role=team_of(team) or "field", team=team,
                               password_hash="x") for n in range(10)]
        Membership.insert_many([dict(staff=p, estate=estate) for p in people]).execute()
        for name, starts, ends in SHIFTS:
            shift = Shift.create(estate=estate, team=team, name=name, starts=starts, ends=ends)
            Rotation.create(shift=shift, anchor=date(2026, 1, 1), people=",".join(str(p.id) for p in people))
        Duty.insert_many([dict(estate=estate, day=date(2026, 1, 1) + timedelta(days=d), team=team,
                               staff=people[d % 10], lead=d % 7 == 0) for d in range(365)]).execute()


def measure(url):
    from webapp.db import apply_migrations, db, open_database
    from webapp.models import Duty
    from webapp.models.estate import new_estate
    db.initialize(open_database(url, None))
    apply_migrations()
    with db.connection_context():
        with db.atomic():
            estate = new_estate("BENCH", "测速花园")
            roster(estate)
        Duty.leads_now(estate, datetime(2026, 11, 23, 9, 0))  # warm
        timings = []
        for n in range(ASKS):
            moment = datetime(2026, 11, 23) + timedelta(minutes=n * 20 + 7)
            start = time.perf_counter()
            on_duty = Duty.leads_now(estate, moment)
            timings.append((time.perf_counter() - start) * 1000)
            assert len(on_duty) == len(TEAMS), on_duty
    return timings


def main():
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/duty.sqlite3"
        timings = sorted(measure(url))
    print(f"on-duty query over {len(TEAMS)} teams x {len(SHIFTS)} shifts, {ASKS} moments in a week "
          f"({url.split(':')[0]})")
    print(f"duty_query_ms_median: {statistics.median(timings):.2f}")
    print(f"duty_query_ms_p95: {timings[int(len(timings) * 0.95)]:.2f}")


if __name__ == "__main__":
    main()
