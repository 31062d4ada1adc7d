"""Who is alerted and when, without a database."""
from datetime import datetime, timedelta

from webapp.alerts.webhook import is_web_url, sign
from webapp.domain.alerts import BACKOFF, MAX_TRIES, dispatch_recipient, message, next_try, place_of, urge_recipient

NOW = datetime(2026, 11, 23, 2, 0)


def test_an_order_assigned_to_a_person_alerts_that_person():
    assert dispatch_recipient(7, "security", {"security": 3}) == 7


def test_an_order_in_a_team_queue_alerts_the_team_lead_on_duty_now():
    assert dispatch_recipient(None, "engineering", {"engineering": 4, "security": 3}) == 4


def test_with_nobody_on_duty_nobody_is_alerted_by_name():
    assert dispatch_recipient(None, "engineering", {}) is None
    assert dispatch_recipient(None, None, {"engineering": 4}) is None


def test_an_urge_reaches_the_handler_else_the_lead_on_duty():
    assert urge_recipient(9, "security", {"security": 3}) == 9
    assert urge_recipient(None, "security", {"security": 3}) == 3


def test_a_message_holds_only_kind_place_number_and_the_link():
    said = message("help", "20261123-0001", "2-1503", True, "dispatched", "/tickets/20261123-0001")
    assert set(said) == {"kind", "number", "place", "urgent", "reason", "url"}
    assert len(message("help", "1", "x" * 300, False, "urged", "/")["place"]) == 40


def test_the_place_named_is_the_unit_else_the_sticker_place_else_the_location():
    assert place_of("2-1503", "大堂", "2号楼") == "2-1503"
    assert place_of("", "大堂", "2号楼") == "大堂"
    assert place_of("", "", "2号楼") == "2号楼"


def test_failed_tries_wait_longer_each_time_then_give_up():
    waits = [next_try(n, NOW) - NOW for n in range(1, MAX_TRIES)]
    assert waits == list(BACKOFF) and waits[0] == timedelta(seconds=30)
    assert next_try(MAX_TRIES, NOW) is None


def test_the_signature_is_an_hmac_of_timestamp_and_body():
    assert sign("k", "1700000000", b"{}") == \
        "sha256=" + __import__("hmac").new(b"k", b"1700000000.{}", "sha256").hexdigest()


def test_only_http_and_https_urls_receive_webhooks():
    assert is_web_url("https://relay.example.cn/hook") and is_web_url("http://127.0.0.1:8080/x")
    assert not any(is_web_url(url) for url in ("ftp://x", "file:///etc/passwd", "javascript:alert(1)", "http://",
                                                "", None, "http://[::1"))
