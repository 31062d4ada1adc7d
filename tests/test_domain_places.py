"""Rules of stickers and residents; no database."""
from datetime import datetime, timedelta

import pytest

from webapp.domain import Refused
from webapp.domain.places import (check_resident_verdict, check_urge, failed_items, new_token, resident_status,
                                  resident_team)

NOW = datetime(2026, 11, 23, 2, 0)


def test_tokens_are_short_url_safe_and_unguessable():
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    assert all(len(t) == 12 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)


def test_resident_reports_go_to_the_places_team_or_the_usual_one():
    assert resident_team("repair", None) == "engineering"
    assert resident_team("help", None) == "security"
    assert resident_team("repair", "security") == "security"
    assert resident_team("complaint", "security") is None


def test_urging_is_allowed_once_per_30_minutes_and_only_while_open():
    check_urge("dispatched", None, NOW)
    check_urge("accepted", NOW - timedelta(minutes=30), NOW)
    with pytest.raises(Refused) as refused:
        check_urge("dispatched", NOW - timedelta(minutes=10), NOW)
    assert refused.value.params == {"minutes": 21}
    with pytest.raises(Refused):
        check_urge("done", None, NOW)


def test_a_resident_rates_only_a_done_ticket_with_one_to_five_stars():
    check_resident_verdict("done", True, 5)
    check_resident_verdict("done", False, None)
    for state, fixed, rating in (("accepted", True, 5), ("done", True, 0), ("done", True, None)):
        with pytest.raises(Refused):
            check_resident_verdict(state, fixed, rating)


def test_failed_room_check_items_are_those_not_ticked():
    assert failed_items({"lights": True, "doors": True, "cleanliness": False, "equipment": True}) == \
        ["cleanliness", "furniture"]


def test_every_state_has_plain_words_for_the_resident():
    from webapp.domain.vocabulary import STATES
    assert all(resident_status(state) for state in STATES)
