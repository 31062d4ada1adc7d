"""Real Chromium against the app served for real: one browser per session, a server per test.

Without a working Chromium the browser tests skip, except under CI=true where they fail.
"""
import os
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium is required under CI: {reason}", pytrace=False)
    pytest.skip(f"Chromium unavailable, browser tests not run: {reason}")


@pytest.fixture(scope="session")
def playwright():
    """The Playwright driver, started once per session."""
    try:
        from playwright.sync_api import sync_playwright
        driver = sync_playwright().start()
    except Exception as error:  # missing package or driver: any failure means no browser
        _unavailable(repr(error))
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def browser(playwright):
    """One headless Chromium for the session; open a context per test with browser.new_context()."""
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:
        _unavailable(repr(error))
    yield chromium
    chromium.close()


@pytest.fixture
def persistent_context(playwright, tmp_path):
    """A Chromium context with a profile on disk, as an installed app has (CDP installability
    checks answer only there; an ordinary context always reports `in-incognito`)."""
    try:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:
        _unavailable(repr(error))
    yield context
    context.close()


@pytest.fixture
def live_server(app):
    """The base URL (http://127.0.0.1:<port>) of `app` served by a real HTTP server in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
