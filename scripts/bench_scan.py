"""What a resident's phone pays for the QR scan page: its size (raw and gzip) and its time to usable on
Chromium's emulated Fast 3G and Slow 3G networks (DevTools presets), served by gunicorn on 127.0.0.1.

"Time to usable" is DOMContentLoaded of the navigation: the form is in the first response, with no script or
stylesheet to fetch. Each profile is loaded 5 times in a fresh context; the median is printed.
Ends with `name: value` lines: scan_page_bytes, scan_page_gzip_bytes, scan_fast3g_ms, scan_slow3g_ms.

    .venv/bin/python scripts/bench_scan.py
"""
import gzip
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
BIN = os.path.dirname(sys.executable)
HOST = "127.0.0.1"
RUNS = 5
# Chromium DevTools presets: latency in ms, throughput in bytes/s.
PROFILES = {"fast3g": (562.5, 1.6e6 / 8 * 0.9, 750e3 / 8 * 0.9), "slow3g": (2000, 500e3 / 8 * 0.8, 500e3 / 8 * 0.8)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def demo_database(folder):
    """A migrated demo database; returns its URL and one sticker's token."""
    from webapp.db import apply_migrations, db, open_database
    url = f"sqlite:///{folder}/scan.sqlite3"
    db.initialize(open_database(url, None))
    apply_migrations()
    with db.connection_context():
        from webapp import demo
        from webapp.models import Place
        demo.load()
        return url, Place.select().where(Place.kind == "lift_lobby").first().token


def serve(url, folder):
    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    env = dict(os.environ, DATABASE_URL=url, PHOTO_FOLDER=folder)
    server = subprocess.Popen([os.path.join(BIN, "gunicorn"), "--workers", "2", "--bind", f"{HOST}:{port}",
                               "webapp:create_app()"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://{HOST}:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/offline", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def page_sizes(base, token):
    body = urllib.request.urlopen(f"{base}/q/{token}").read()
    return len(body), len(gzip.compress(body, 6))


def time_to_usable(base, token, profile):
    from playwright.sync_api import sync_playwright
    latency, down, up = PROFILES[profile]
    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(RUNS):
            context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                         "downloadThroughput": down, "uploadThroughput": up})
            page.goto(f"{base}/q/{token}", wait_until="domcontentloaded")
            timings.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
            context.close()
        browser.close()
    return statistics.median(timings), timings


def main():
    with tempfile.TemporaryDirectory() as folder:
        url, token = demo_database(folder)
        server, base = serve(url, folder)
        try:
            raw, packed = page_sizes(base, token)
            results = {name: time_to_usable(base, token, name) for name in PROFILES}
        finally:
            server.terminate()
            server.wait()
    print(f"scan page /q/<token>: {raw} bytes, {packed} bytes gzipped")
    for name, (median, runs) in results.items():
        print(f"  {name}: DOMContentLoaded median {median:.0f} ms (runs: {', '.join(f'{t:.0f}' for t in runs)})")
    print(f"scan_page_bytes: {raw}\nscan_page_gzip_bytes: {packed}")
    print(f"scan_fast3g_ms: {results['fast3g'][0]:.0f}\nscan_slow3g_ms: {results['slow3g'][0]:.0f}")


if __name__ == "__main__":
    main()
