"""Resident limits hold across every gunicorn worker of one deployment, counted in the app's own database
(SQLite by default, PostgreSQL when DATABASE_URL is set), with no Redis."""
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from html import unescape
from urllib.parse import urlencode

import pytest
from limits.storage import MemoryStorage

from webapp import create_app
from webapp.models import Ticket, TicketEvent
from webapp.models.place import create_place
from webapp.models.rate_limit import DatabaseStorage, RateLimitHit, count_hit, hits, purge

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")
HOST = "127.0.0.1"
LIMIT = 3


@pytest.fixture
def lobby(estate, staff):
    return create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(app, lobby, tmp_path):
    """The app under gunicorn, two sync workers, on this test's database; each request's worker pid is logged."""
    port, log = free_port(), tmp_path / "access.log"
    env = dict(os.environ, DATABASE_URL=app.config["DATABASE_URL"], SECRET_KEY="limits-shared-test",
               PHOTO_FOLDER=str(tmp_path / "photos"), RESIDENT_LIMIT_PER_CLIENT=f"{LIMIT} per 10 minutes")
    env.pop("RATELIMIT_STORAGE_URI", None)  # the embedded default
    command = [GUNICORN, "--workers", "2", "--bind", f"{HOST}:{port}", "--access-logfile", str(log),
               "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "webapp:create_app()"]
    with open(tmp_path / "gunicorn.log", "w") as output:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(proc, port, tmp_path / "gunicorn.log")
        yield port, log
    finally:
        proc.terminate()
        proc.wait(20)


def _wait_until_serving(proc, port, output):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert proc.poll() is None, output.read_text()
        try:
            call(port, "GET", "/offline")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not answer: " + output.read_text())


def call(port, method, path, body=None, cookie=""):
    """One request on a new connection, as a phone hopping between networks makes them; (status, body, cookie)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        page = response.read().decode()
        session = re.match(r"(session=[^;]*)", response.getheader("Set-Cookie") or "")
        return response.status, page, session.group(1) if session else cookie
    finally:
        connection.close()


def report(port, token, cookie):
    """Open the sticker's form, then send a repair from it with its CSRF token; (status, cookie)."""
    _, page, cookie = call(port, "GET", f"/q/{token}", cookie=cookie)
    hidden = {name: unescape(value) for name, value in
              re.findall(r'name="(csrf_token|intake_key)"[^>]*value="([^"]*)"', page)}
    assert "csrf_token" in hidden, page
    form = urlencode(dict(hidden, choice="repair", description="电梯按钮失灵"))
    status, _, cookie = call(port, "POST", f"/q/{token}", form.encode(), cookie)
    return status, cookie


@contextmanager
def holding_one_worker(port):
    """A connection that sends nothing: the sync worker that accepts it waits on it, so others serve meanwhile."""
    silent = socket.create_connection((HOST, port))
    time.sleep(0.05)  # accepted by now
    try:
        yield
    finally:
        silent.close()


def posts_logged(log, sent):
    """(pid, status) of each POST in gunicorn's access log, once all `sent` are written."""
    deadline = time.monotonic() + 5
    while True:
        found = re.findall(r"<(\d+)> POST /q/\S+ (\d{3})", log.read_text() if log.exists() else "")
        if len(found) >= sent or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def workers(served):
    return {pid for pid, _ in served}


def test_one_phone_gets_exactly_its_reports_though_two_workers_serve_it(server, lobby):
    port, log = server
    statuses, cookie = [], ""
    # Go on until both workers have served reports. The kernel tends to hand a new connection to the worker that
    # freed itself last, so every other report is sent while a silent connection keeps one worker waiting.
    while len(statuses) < LIMIT + 3 or (len(statuses) < 30 and len(workers(posts_logged(log, len(statuses)))) < 2):
        with holding_one_worker(port) if len(statuses) % 2 else nullcontext():
            status, cookie = report(port, lobby.token, cookie)
        statuses.append(status)
    served = posts_logged(log, len(statuses))
    assert len(workers(served)) == 2, served  # both workers took reports from this phone
    assert statuses == [303] * LIMIT + [429] * (len(statuses) - LIMIT)
    # the same repair sent again at this place joins the open ticket (issue 13): count the joined ones too
    joined = TicketEvent.select().where(TicketEvent.action == "reported_again").count()
    assert Ticket.select().count() + joined == LIMIT


def test_a_window_starts_again_once_it_has_ended(app):
    assert [count_hit("phone", 600, now=1000.0) for _ in range(3)] == [1, 2, 3]
    assert hits("phone", now=1599.0) == 3
    assert (hits("phone", now=1600.0), count_hit("phone", 600, now=1600.0)) == (0, 1)


def test_ended_windows_are_swept_away(app):
    count_hit("old", 60, now=1000.0)
    count_hit("current", 600, now=1000.0)
    assert purge(now=1100.0) == 1
    assert [row.key for row in RateLimitHit.select()] == ["current"]


def test_a_key_of_any_length_or_byte_is_counted(app):
    for key in ("x" * 5000, "sticker/a\x00b", "sticker/电梯\udcff"):
        assert (count_hit(key, 600), count_hit(key, 600), hits(key)) == (1, 2, 2)


@pytest.mark.parametrize("token", ["x" * 5000, "abc%00def", "%E7%94%B5%E6%A2%AF"])
def test_a_sticker_token_of_any_length_or_byte_is_answered_not_a_server_error(client, lobby, token):
    response = client.post(f"/q/{token}", data=dict(choice="repair", description="灯不亮"))
    assert response.status_code in (400, 404)  # refused as bad input or as no such sticker


def test_the_counts_are_kept_in_the_database_unless_another_storage_is_named(app):
    assert isinstance(app.extensions["quota"].storage, DatabaseStorage)
    other = create_app(dict(app.config, RATELIMIT_STORAGE_URI="memory://"))
    assert isinstance(other.extensions["quota"].storage, MemoryStorage)


def test_a_burst_sent_in_parallel_from_one_phone_gets_exactly_its_quota(app, lobby):
    limited = create_app(dict(app.config, RESIDENT_LIMIT_PER_CLIENT=f"{LIMIT} per 10 minutes"))
    phones = 8
    together = threading.Barrier(phones)

    def report(n):
        client = limited.test_client()
        together.wait()
        return client.post(f"/q/{lobby.token}", data=dict(choice="repair", description="灯不亮",
                                                           intake_key=f"burst-{n}")).status_code

    with ThreadPoolExecutor(phones) as pool:
        codes = sorted(pool.map(report, range(phones)))
    # the same repair sent again at this place joins the open ticket (issue 13): count the joined ones too
    joined = TicketEvent.select().where(TicketEvent.action == "reported_again").count()
    assert codes == [303] * LIMIT + [429] * (phones - LIMIT) and Ticket.select().count() + joined == LIMIT
