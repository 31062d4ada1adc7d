"""The survey rules, without a database: phases, dates, phone digits, ballots, the follow-up sample, the tallies."""
from datetime import date
from types import SimpleNamespace

import pytest

from webapp.domain import Refused
from webapp.domain import surveys as rules


def test_a_campaign_is_open_from_its_first_to_its_last_day_included():
    first, last = date(2026, 12, 1), date(2026, 12, 10)
    assert rules.phase(first, last, date(2026, 11, 30)) == rules.BEFORE
    assert rules.phase(first, last, first) == rules.OPEN
    assert rules.phase(first, last, last) == rules.OPEN
    assert rules.phase(first, last, date(2026, 12, 11)) == rules.CLOSED


def test_dates_must_run_forward_from_today():
    today = date(2026, 11, 23)
    rules.check_dates(today, today, today)
    with pytest.raises(Refused, match="before the first day"):
        rules.check_dates(date(2026, 12, 5), date(2026, 12, 1), today)
    with pytest.raises(Refused, match="past"):
        rules.check_dates(date(2026, 11, 22), date(2026, 12, 1), today)


def test_an_opened_campaign_cannot_be_changed():
    rules.check_editable(date(2026, 11, 24), date(2026, 11, 23))
    with pytest.raises(Refused, match="opened"):
        rules.check_editable(date(2026, 11, 23), date(2026, 11, 23))


def test_a_single_choice_needs_two_to_eight_options():
    rules.check_question("security", "choice", "夜间巡逻是否到位?", ["是", "否"])
    rules.check_question("greening", "scale", "绿化养护", [])
    with pytest.raises(Refused, match="2 to 8"):
        rules.check_question("security", "choice", "?", ["是"])
    with pytest.raises(Refused, match="department"):
        rules.check_question("kitchen", "scale", "?", [])
    assert rules.choices_of(" 是\n\n否\n是 ") == ["是", "否"]


def test_the_last_four_digits_must_end_a_phone_on_record():
    phones = ["139 0000 1101", "", "021-5555-1234"]
    assert rules.phone_matches(phones, "1101")
    assert rules.phone_matches(phones, "1234")
    assert not rules.phone_matches(phones, "9999")
    assert not rules.phone_matches(phones, "101")
    assert not rules.phone_matches([], "1101")


def test_a_ballot_key_depends_on_the_campaign_secret_and_does_not_show_the_unit():
    key = rules.ballot_key("secret-a", 17)
    assert key == rules.ballot_key("secret-a", 17)
    assert key != rules.ballot_key("secret-b", 17) != rules.ballot_key("secret-a", 18)
    assert len(key) == 64


def test_the_follow_up_sample_is_stable_and_about_the_configured_share():
    chosen = [i for i in range(1, 5001) if rules.sampled(i, 20)]
    assert chosen == [i for i in range(1, 5001) if rules.sampled(i, 20)]
    assert 900 <= len(chosen) <= 1100
    assert not any(rules.sampled(i, 0) for i in range(1, 200))
    assert all(rules.sampled(i, 100) for i in range(1, 200))


def test_a_low_rating_or_an_unresolved_request_is_dissatisfied():
    assert rules.dissatisfied(2, True) and rules.dissatisfied(5, False)
    assert not rules.dissatisfied(3, True)


def test_answers_are_checked_against_their_question():
    assert rules.check_answer("scale", "4", []) == 4
    assert rules.check_answer("choice", "是", ["是", "否"]) == "是"
    assert rules.check_answer("text", "  ", []) is None
    with pytest.raises(Refused):
        rules.check_answer("scale", "6", [])
    with pytest.raises(Refused):
        rules.check_answer("choice", "也许", ["是", "否"])


def test_results_by_hand():
    # Question 1 (scale): 5, 5, 4, 2, 1 -> 5 answers, average 17/5 = 3.4, satisfied 3/5 = 60%.
    # Question 2 (choice): 是 ×3, 否 ×1.
    rows = [(1, None, 5, 2), (1, None, 4, 1), (1, None, 2, 1), (1, None, 1, 1), (2, "是", None, 3), (2, "否", None, 1)]
    tallies = rules.tally(rows)
    assert (tallies[1].count, tallies[1].average, tallies[1].satisfied) == (5, 3.4, 60.0)
    assert tallies[2].options == {"是": 3, "否": 1} and tallies[2].average is None
    # A second security scale question: 3, 4 -> the department's scores 5,5,4,2,1,3,4: 4 of 7 satisfied = 57.1%.
    tallies.update(rules.tally([(3, None, 3, 1), (3, None, 4, 1)]))
    questions = [SimpleNamespace(id=1, department="security", kind="scale"),
                 SimpleNamespace(id=2, department="security", kind="choice"),
                 SimpleNamespace(id=3, department="security", kind="scale"),
                 SimpleNamespace(id=4, department="greening", kind="scale")]
    assert rules.department_share(questions, tallies) == {"security": 57.1}


def test_follow_up_figures_by_hand():
    # (rating, resolved, count): 5 yes ×2, 4 yes ×1, 2 yes ×1, 3 no ×1 -> 5 answers; satisfied 3/5 = 60%,
    # average (10 + 4 + 2 + 3) / 5 = 3.8, resolved 4/5 = 80%, dissatisfied: the 2 and the unresolved = 2.
    summary = rules.follow_up_summary([(5, True, 2), (4, True, 1), (2, True, 1), (3, False, 1)])
    assert summary == dict(answers=5, satisfied=60.0, average=3.8, resolved=80.0, dissatisfied=2)
    assert rules.follow_up_summary([])["answers"] == 0
