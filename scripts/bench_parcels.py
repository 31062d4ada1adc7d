"""What the parcel register page costs as its history grows: the page (today's arrivals, what waits, the counts of
the unclaimed list) with 1,000 and with 100,000 parcels of history, 150 arriving a day, all but the last few days'
picked up. A migrated database (SQLite in a temporary folder, or DATABASE_URL's PostgreSQL, rebuilt for each size)
is filled in bulk; then GET /parcels/ is asked for RUNS times by a signed-in desk clerk through the test client.
Ends with `name: value` lines: parcels_page_ms_median_1000, parcels_page_ms_median_100000, parcels_page_ratio.
Goal: the ratio at most 1.2 (the page reads by index and pages; it never counts the whole history).

    .venv/bin/python scripts/bench_parcels.py [--sizes 1000 100000]
"""
import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
RUNS, PER_DAY, CHUNK, OPEN_DAYS = 60, 150, 2000, 3
NOW = datetime(2026, 11, 23, 6, 0)  # 14:00 in Shanghai: the day's arrivals are in
PASSWORD = "bench-pass-1"


def fill(size):
    """The estate, a clerk, 20 units and `size` parcels, newest at NOW; returns the clerk's username."""
    from werkzeug.security import generate_password_hash
    from webapp.db import db
    from webapp.models import Building, Membership, Parcel, Staff, Unit
    from webapp.models.estate import new_estate
    with db.atomic():
        estate = new_estate("BENCH", "测速花园")
        building = Building.create(estate=estate, number=1, name="1号楼")
        units = [Unit.create(estate=estate, building=building, floor=f, number=f"1-{f}01").id for f in range(1, 21)]
        clerk = Staff.create(username="bench-desk", name="前台", role="front_desk",
                             password_hash=generate_password_hash(PASSWORD))
        Membership.create(staff=clerk, estate=estate)
    fields = [Parcel.estate, Parcel.kind, Parcel.carrier, Parcel.tracking, Parcel.unit, Parcel.recipient_name,
              Parcel.recipient_phone, Parcel.code, Parcel.out_at, Parcel.out_by, Parcel.due_at, Parcel.returned_at,
              Parcel.returned_by, Parcel.pickup_method, Parcel.signer_name]
    rows = []
    for n in range(size):
        out = NOW - timedelta(minutes=n * 24 * 60 / PER_DAY)
        back = None if NOW - out < timedelta(days=OPEN_DAYS) and n % 3 else out + timedelta(hours=5)
        rows.append((estate.id, "parcel", "sf", f"SF{n:012d}", units[n % 20], f"业主{n % 500}",
                     f"139{n:08d}", f"{n % 1000000:06d}", out, clerk.id, out + timedelta(days=7), back,
                     clerk.id if back else None, "code" if back else "", f"业主{n % 500}" if back else ""))
    with db.atomic():
        for i in range(0, len(rows), CHUNK):
            Parcel.insert_many(rows[i:i + CHUNK], fields=fields).execute()
    return clerk.username


def measure(url, size):
    """The register page's timings (ms, sorted) with `size` parcels of history."""
    from webapp import clock, create_app
    from webapp.db import apply_migrations, db, open_database
    db.initialize(open_database(url, None))
    if url.startswith("postgres"):
        db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    apply_migrations()
    with db.connection_context():
        username = fill(size)
        if url.startswith("postgres"):
            db.execute_sql("ANALYZE")
    db.close()
    app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "DATABASE_URL": url})
    client = app.test_client()
    with clock.frozen_at(NOW):
        assert client.post("/login", data={"login": username, "password": PASSWORD}).status_code == 302
        for _ in range(3):  # warm the templates and the caches
            assert client.get("/parcels/").status_code == 200
        timings = []
        for _ in range(RUNS):
            gc.collect()  # what the filling left behind is not the page's cost
            began = time.perf_counter()
            response = client.get("/parcels/")
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
    if hasattr(db.obj, "close_all"):
        db.obj.close_all()
    return sorted(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    args = parser.parse_args()
    medians = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/parcels.sqlite3"
            timings = measure(url, size)
        medians[size] = statistics.median(timings)
        print(f"parcel register page, {size} parcels of history ({url.split(':')[0]}): "
              f"median {medians[size]:.2f} ms, p95 {timings[int(len(timings) * 0.95)]:.2f} ms")
    for size, median in medians.items():
        print(f"parcels_page_ms_median_{size}: {median:.2f}")
    if len(medians) > 1:
        sizes = sorted(medians)
        print(f"parcels_page_ratio: {medians[sizes[-1]] / medians[sizes[0]]:.2f}")


if __name__ == "__main__":
    main()
