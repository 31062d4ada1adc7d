"""Fifty parcels at the counter, as a clerk does them (issue 15: 50 arrivals in under 3 minutes): a real Chromium on
a 390×844 phone screen against the app served for real, each parcel's tracking number typed as a scanner gun types
it (Enter moves on to the unit), the unit typed by hand at a clerk's pace (HUMAN_KEY_MS a key), Enter saves, and
the clerk waits for the row in today's list and the emptied form before the next. The carrier and size stay from
the previous parcel, as the form keeps them.
Ends with `name: value` lines: counter_50_total_s (goal under 180), counter_typing_s (the scripted keystrokes'
own delays), counter_app_s (the rest: requests, redraws, the browser), counter_per_parcel_ms_median.

    .venv/bin/python scripts/bench_counter.py
"""
import logging
import os
import statistics
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from bench_parcels import PASSWORD, fill  # noqa: E402 -- the same estate, clerk and units

CHROMIUM = "/usr/bin/chromium"
PARCELS = 50
SCANNER_KEY_MS, HUMAN_KEY_MS = 5, 180   # a scanner gun types a label at once; a clerk about 5 keys a second
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def serve(url):
    """The app on a migrated database with the bench's estate, served by a real HTTP server in a thread."""
    from werkzeug.serving import make_server
    from webapp import create_app
    from webapp.db import apply_migrations, db, open_database
    db.initialize(open_database(url, None))
    if url.startswith("postgres"):
        db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    apply_migrations()
    with db.connection_context():
        username = fill(0)
    db.close()
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", username


def one_parcel(page, n):
    """Register parcel n as the clerk does; returns the keystrokes' own delay in seconds."""
    tracking, unit = f"SF{1400228000 + n}", f"1-{n % 20 + 1}01"
    page.keyboard.type(tracking, delay=SCANNER_KEY_MS)
    page.keyboard.press("Enter")
    page.keyboard.type(unit, delay=HUMAN_KEY_MS)
    page.keyboard.press("Enter")
    page.locator("#parcels-today li.parcel-row", has_text=tracking[-6:]).first.wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'tracking'"
                           " && document.activeElement.value === ''")
    return (len(tracking) * SCANNER_KEY_MS + len(unit) * HUMAN_KEY_MS) / 1000


def main():
    from playwright.sync_api import sync_playwright
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request would bury the figures
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/counter.sqlite3"
        server, base, username = serve(url)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context(**PHONE).new_page()
            page.goto(f"{base}/login")
            page.fill("input[name=login]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button.primary")
            page.wait_for_url(lambda address: "/login" not in address)
            page.goto(f"{base}/parcels/")
            page.locator("label", has=page.locator("input[name=carrier][value=sf]")).click()
            page.locator("input[name=tracking]").click()
            began, typing, each = time.perf_counter(), 0.0, []
            for n in range(PARCELS):
                start = time.perf_counter()
                typing += one_parcel(page, n)
                each.append((time.perf_counter() - start) * 1000)
            total = time.perf_counter() - began
            shown = page.locator("#parcels-today li.parcel-row").count()
            browser.close()
        server.shutdown()
    print(f"{PARCELS} parcels at the counter ({url.split(':')[0]}): {total:.1f} s in all, {shown} rows shown; "
          f"per parcel median {statistics.median(each):.0f} ms, slowest {max(each):.0f} ms")
    print(f"counter_50_total_s: {total:.1f}")
    print(f"counter_typing_s: {typing:.1f}")
    print(f"counter_app_s: {total - typing:.1f}")
    print(f"counter_per_parcel_ms_median: {statistics.median(each):.0f}")


if __name__ == "__main__":
    main()
