"""Sessions and sign-in: no constant secret, throttled guessing, no telling which logins exist, sessions that
end for real, and a password staff can change."""
import os
import re
import statistics
import subprocess
import threading
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from playhouse.db_url import connect
from playhouse.migrations import Runner
from peewee import SqliteDatabase

from webapp import create_app
from webapp.config import Config, keep_secret_key
from webapp.db import MIGRATIONS
from webapp.models import Staff

from . import factories
from .conftest import POSTGRES_URL, _release
from .test_live_queues import poll_url

ROOT = Path(__file__).resolve().parent.parent
OLD_CONSTANT_KEY = "dev-only-change-me"


@pytest.fixture
def keyless_app(app, tmp_path, monkeypatch):
    """Make an app as a start with no SECRET_KEY in the environment would, keeping its key in `tmp_path`."""
    if os.environ.get("SECRET_KEY"):  # the run's own environment has one: start as if it had none
        monkeypatch.setattr(Config, "SECRET_KEY", None)

    def make(**overrides):
        _release()  # the next app opens its own connections to the same database
        return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "DATABASE_URL": app.config["DATABASE_URL"],
                           "SECRET_KEY_FILE": str(tmp_path / "secret_key"), **overrides})
    return make


def sign_in(client, login, password=factories.PASSWORD, address="127.0.0.1"):
    return client.post("/login", data={"login": login, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def session_cookie(key, data):
    """A session cookie as a Flask app signing with `key` would set it."""
    signer = Flask("signer")
    signer.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(signer).dumps(data)


# ---- the signing key ------------------------------------------------------------------------------------

def test_without_a_secret_key_the_app_makes_a_strong_one_once_and_keeps_it_for_its_owner_only(
        keyless_app, tmp_path):
    first, restarted = keyless_app().secret_key, keyless_app().secret_key
    assert re.fullmatch(r"[0-9a-f]{64}", first) and first != OLD_CONSTANT_KEY
    assert restarted == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_workers_starting_at_once_agree_on_one_key(tmp_path):
    path, keys, start = tmp_path / "instance" / "secret_key", [], threading.Barrier(8)

    def worker():
        start.wait()
        keys.append(keep_secret_key(str(path)))
    workers = [threading.Thread(target=worker) for _ in range(8)]
    for each in workers:
        each.start()
    for each in workers:
        each.join()
    assert len(keys) == 8 and set(keys) == {path.read_text().strip()}


def test_a_session_signed_with_an_old_constant_key_is_treated_as_signed_out(keyless_app, staff):
    app = keyless_app()
    signed_in = {"_user_id": staff["desk"].get_id(), "_fresh": True}
    genuine, client = app.test_client(), app.test_client()
    genuine.set_cookie("session", session_cookie(app.secret_key, signed_in))
    assert genuine.get("/desk").status_code == 200  # the cookie is made as the app makes its own
    client.set_cookie("session", session_cookie(OLD_CONSTANT_KEY, signed_in))
    response = client.get("/desk")
    assert response.status_code == 302 and "/login" in response.location


def test_poll_passes_are_signed_with_the_kept_key(keyless_app, estate, staff):
    client = keyless_app().test_client()
    assert sign_in(client, "eng").status_code == 302
    url = poll_url(client.get("/queue/engineering").get_data(as_text=True))
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 204  # the gate knows the pass


def test_the_procfile_start_without_a_key_refuses_and_says_how_to_make_one(tmp_path):
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SERVICEDESK_ENV")}
    env.update(PATH=f"{ROOT / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}", PORT="0",
               SECRET_KEY_FILE=str(tmp_path / "secret_key"), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    started = subprocess.Popen(["sh", "-c", web[len("web:"):]], cwd=ROOT, env=env, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = started.communicate(timeout=60)
    finally:
        if started.poll() is None:
            os.killpg(started.pid, 9)  # it served: the test fails below
    assert started.returncode != 0, output
    assert "No SECRET_KEY is set" in output and "flask --app webapp secret-key" in output
    assert not (tmp_path / "secret_key").exists()


def test_the_secret_key_command_keeps_a_key_a_production_start_then_uses(keyless_app, tmp_path, monkeypatch):
    production = {"REQUIRE_SECRET_KEY": True, "SECRET_KEY": None}
    with pytest.raises(RuntimeError, match="flask --app webapp secret-key"):
        keyless_app(**production)
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    command_line = keyless_app(**production)
    assert command_line.test_client().get("/login").status_code == 503  # serves nothing with a passing key
    assert "Kept a new key" in command_line.test_cli_runner().invoke(args=["secret-key"]).output
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    monkeypatch.delenv("FLASK_RUN_FROM_CLI")
    assert keyless_app(**production).secret_key == (tmp_path / "secret_key").read_text().strip()


# ---- throttling -----------------------------------------------------------------------------------------

def test_after_five_wrong_passwords_the_next_try_waits_and_is_told_for_how_long(client, staff):
    for _ in range(5):
        assert sign_in(client, "desk", "wrong", "10.0.0.1").status_code == 422
    refused = sign_in(client, "desk", "wrong", "10.0.0.1")
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    minutes = -(-wait // 60)
    assert 0 < wait <= 15 * 60
    page = refused.get_data(as_text=True)
    assert f"{minutes} 分钟" in page and 'name="password"' in page  # the sign-in page, in Chinese
    assert sign_in(client, "desk", factories.PASSWORD, "10.0.0.1").status_code == 429  # even the right one
    client.get("/lang/en")
    assert f"try again in {minutes} minute" in sign_in(client, "desk", "wrong", "10.0.0.1").get_data(as_text=True)


def test_the_right_password_from_another_address_still_signs_in_during_a_lockout(client, staff):
    for _ in range(6):
        sign_in(client, "desk", "wrong", "10.0.0.1")
    assert sign_in(client, "desk", "wrong", "10.0.0.1").status_code == 429
    assert sign_in(client, "desk", factories.PASSWORD, "10.0.0.2").status_code == 302
    assert client.get("/desk", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200


def test_one_address_guessing_across_many_accounts_is_stopped_after_twenty_failures(client, staff):
    for number in range(20):
        assert sign_in(client, f"guess{number}", "wrong", "10.0.0.3").status_code == 422
    assert sign_in(client, "desk", "wrong", "10.0.0.3").status_code == 429
    assert sign_in(client, "desk", "wrong", "10.0.0.4").status_code == 422  # other addresses go on


def test_signing_in_successfully_spends_no_try(client, staff):
    for _ in range(7):
        assert sign_in(client, "desk", factories.PASSWORD, "10.0.0.5").status_code == 302


# ---- no telling which logins exist ----------------------------------------------------------------------

def _without_tokens(page):
    """The page without what differs between any two responses (CSRF tokens carry the second they were made)."""
    return re.sub(r'(csrf_token" value="|X-CSRFToken": "|nonce=")[^"]+', r"\1", page)


def test_an_unknown_login_gets_the_same_answer_as_a_wrong_password(client, staff):
    Staff.update(active=False).where(Staff.username == "desk2").execute()
    logins = ("desk", "nobody", "desk2")  # a real account, none, a deactivated one
    answers = [sign_in(client, login, "wrong", f"10.0.1.{n}") for n, login in enumerate(logins)]
    assert {a.status_code for a in answers} == {422}
    pages = {_without_tokens(a.get_data(as_text=True)).replace(login, "LOGIN")
             for a, login in zip(answers, logins)}
    assert len(pages) == 1 and "用户名/手机号或密码错误" in pages.pop()


def test_an_unknown_login_takes_as_long_as_a_wrong_password(client, staff):
    def timed(login, n):
        started = time.perf_counter()
        assert sign_in(client, login, "wrong", f"10.0.2.{n}").status_code == 422
        return time.perf_counter() - started
    timed("nobody", 0), timed("desk", 0)  # warm up both paths
    wrong, unknown = [], []
    for n in range(1, 8):
        wrong.append(timed("desk", n))
        unknown.append(timed("nobody", n))
    assert statistics.median(unknown) >= 0.5 * statistics.median(wrong), (wrong, unknown)


# ---- sessions that end ----------------------------------------------------------------------------------

def test_a_cookie_copied_before_signing_out_is_refused_right_after(app, client, login):
    login("desk")
    copied = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/desk")
    assert response.status_code == 302 and "/login" in response.location


def change_password(client, current=factories.PASSWORD, new="fresh-pass-22", repeat=None):
    return client.post("/account/password", data={"current": current, "new": new,
                                                  "repeat": new if repeat is None else repeat})


def test_changing_the_password_keeps_this_session_and_signs_out_the_others(app, client, login):
    login("desk")
    other = app.test_client()
    assert sign_in(other, "desk").status_code == 302
    changed = change_password(client)
    assert changed.status_code == 302
    assert "密码已修改" in client.get(changed.location).get_data(as_text=True)
    assert client.get("/desk").status_code == 200
    assert other.get("/desk").status_code == 302
    fresh = app.test_client()
    assert sign_in(fresh, "desk").status_code == 422
    assert sign_in(fresh, "desk", "fresh-pass-22").status_code == 302


def test_a_wrong_current_password_changes_nothing(app, client, login):
    login("desk")
    refused = change_password(client, current="not-my-password")
    assert refused.status_code == 422 and "当前密码不对" in refused.get_data(as_text=True)
    assert client.get("/desk").status_code == 200
    assert sign_in(app.test_client(), "desk").status_code == 302


def test_guessing_the_current_password_on_the_password_page_is_throttled_too(client, login):
    login("desk")
    for _ in range(5):
        assert change_password(client, current="guess").status_code == 422
    refused = change_password(client, current=factories.PASSWORD)
    assert refused.status_code == 429 and "分钟后再试" in refused.get_data(as_text=True)
    assert 'name="repeat"' in refused.get_data(as_text=True)  # the password page, not the resident's


@pytest.mark.parametrize("new, repeat", [("short7!", None), ("desk", None), ("DESK    ", None),
                                         ("13800000000", None), ("long-enough-1", "long-enough-2")])
def test_a_new_password_must_be_long_repeated_and_not_the_login(app, client, login, new, repeat):
    login("desk")
    assert change_password(client, new=new, repeat=repeat).status_code == 422
    assert sign_in(app.test_client(), "desk").status_code == 302


def test_every_page_links_to_changing_the_password_and_strangers_are_sent_to_sign_in(client, login):
    assert "/login" in client.get("/account/password").location
    login("eng")
    assert 'href="/account/password"' in client.get("/tickets/").get_data(as_text=True)
    assert client.get("/account/password").status_code == 200


def test_existing_staff_start_at_session_version_zero_after_the_migration(tmp_path):
    with empty_database(tmp_path) as database:
        runner = Runner(database, MIGRATIONS)
        runner.up("0006_self_service_lending")
        database.execute_sql("INSERT INTO staff (username, name, role, password_hash, active, created_at) "
                             "VALUES ('old', 'old', 'front_desk', 'x', true, '2026-01-01 00:00:00')")
        runner.up()
        assert database.execute_sql("SELECT session_version FROM staff").fetchall() == [(0,)]


class empty_database:
    """A database with no tables: a SQLite file, or a schema of its own on the PostgreSQL test server."""

    def __init__(self, tmp_path):
        self.path = tmp_path / "empty.sqlite3"

    def __enter__(self):
        if not POSTGRES_URL:
            self.database = SqliteDatabase(str(self.path))
            return self.database
        self.admin = connect(POSTGRES_URL)
        self.admin.execute_sql("DROP SCHEMA IF EXISTS migration_check CASCADE; CREATE SCHEMA migration_check")
        self.database = connect(POSTGRES_URL, options="-c search_path=migration_check")
        return self.database

    def __exit__(self, *exc):
        self.database.close()
        if POSTGRES_URL:
            self.admin.execute_sql("DROP SCHEMA migration_check CASCADE")
            self.admin.close()
