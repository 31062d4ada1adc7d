"""A guard's open queue in real Chromium on a small phone: it says when the server is gone and clears by itself,
alerts a new card with the count in the title, a vibration and a sound, and turns a card late on time."""
import re
import socket
import threading
import time
from datetime import timedelta

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from webapp import clock

from .. import factories
from ..conftest import DESK_HOURS_UTC
from .journeys import sign_in

SMALL_PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
               "has_touch": True}
# Records what the page asks of the phone: vibrations, and tones started on the Web Audio clock.
OBSERVE_ALERTS = """
  window.__vibrations = [];
  Object.defineProperty(navigator, 'vibrate', {configurable: true, value: (pattern) => {
    window.__vibrations.push(pattern); return true; }});
  window.__tones = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) { window.__tones += 1; return start.apply(this, args); };
"""


class OneRequestPerConnection(WSGIRequestHandler):
    # HTTP/1.0: no kept-alive connection outlives the server, so a stopped server is really gone.
    protocol_version = "HTTP/1.0"


class Restartable:
    """The app served on a fixed port that can be stopped and served again on the same port."""

    def __init__(self, app):
        self.app = app
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self):
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True,
                                  request_handler=OneRequestPerConnection)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.server.server_close()
        self.server = None


@pytest.fixture
def restartable(app):
    served = Restartable(app)
    served.start()
    yield served
    if served.server:
        served.stop()


@pytest.fixture
def guard_queue(browser, restartable, estate, staff):
    context = browser.new_context(**SMALL_PHONE)
    context.add_init_script(OBSERVE_ALERTS)
    page = sign_in(context, restartable.base, "guard")
    page.goto(f"{restartable.base}/queue/security")
    yield page
    context.close()


def test_the_queue_says_it_is_disconnected_within_3s_of_the_server_stopping_and_clears_when_it_returns(
        guard_queue, restartable, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security")
    page = guard_queue
    card, banner = page.locator(f"#card-{ticket.number}"), page.locator("[data-offline-banner]")
    card.wait_for(timeout=3000)
    assert banner.is_hidden()

    restartable.stop()
    stopped = time.monotonic()
    banner.wait_for(state="visible", timeout=3000)
    assert time.monotonic() - stopped <= 3.0
    assert re.fullmatch(r"连接中断（\d\d:\d\d 起）— 正在重试", banner.inner_text())
    assert "stale" in page.locator("#queue").get_attribute("class")
    assert card.is_visible()  # the last list stays, greyed: never an empty queue

    restartable.start()
    banner.wait_for(state="hidden", timeout=3000)
    assert "stale" not in (page.locator("#queue").get_attribute("class") or "")


def test_the_desks_board_says_it_is_disconnected_too(browser, restartable, estate, staff):
    context = browser.new_context(**SMALL_PHONE)
    page = sign_in(context, restartable.base, "desk")
    page.goto(f"{restartable.base}/board/")
    banner = page.locator("[data-offline-banner]")
    restartable.stop()
    banner.wait_for(state="visible", timeout=3000)
    assert "stale" in page.locator("#board").get_attribute("class")
    restartable.start()
    banner.wait_for(state="hidden", timeout=3000)
    context.close()


def test_a_new_card_counts_in_the_title_vibrates_and_sounds_once_a_tap_unlocked_audio(
        guard_queue, estate, staff):
    from playwright.sync_api import expect
    page = guard_queue
    hint = page.locator("[data-sound-hint]")
    hint.wait_for(state="visible")
    hint.tap()
    hint.wait_for(state="hidden")
    page.wait_for_timeout(1200)  # a quiet poll or two: nothing new, nothing rung
    assert page.evaluate("window.__vibrations.length") == 0 and not page.title().startswith("(")

    ticket = factories.ticket(estate, staff["desk"], "help", team="security")
    page.locator(f"#card-{ticket.number}").wait_for(timeout=3000)
    expect(page).to_have_title(re.compile(r"^\(1\) "), timeout=2000)
    assert page.evaluate("window.__vibrations.length") == 1
    assert page.evaluate("window.__tones") >= 1


def test_a_waiting_card_turns_late_on_the_second_without_waiting_for_a_redraw(guard_queue, estate, staff):
    from playwright.sync_api import expect
    # help: respond within 5 minutes, amber from 4 (80 %)
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(minutes=4) + timedelta(seconds=3)):
        ticket = factories.ticket(estate, staff["desk"], "help", team="security")
    card = guard_queue.locator(f"#card-{ticket.number}")
    card.wait_for(timeout=3000)
    assert "late-ok" in card.get_attribute("class")
    # The server's clock stands still in tests, so no redraw comes: the page turns the card itself.
    expect(card).to_have_class(re.compile(r"\blate-amber\b"), timeout=6000)
    expect(card.locator(".clock")).to_have_class(re.compile(r"\blate-amber\b"))
    expect(card.locator(".clock-note")).to_have_text("即将超时")
