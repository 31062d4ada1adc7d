"""The visitor register's rules, without a database: the three-minute rule, take-over, the block list."""
from datetime import datetime, timedelta

import pytest

from webapp.domain import Refused
from webapp.domain.visitors import (check_block_entry, check_id_number, check_plate, check_removal, check_sign_out,
                                    check_take_over, check_waiting, is_waiting_too_long, matches_block,
                                    normalised_plate, waited)

ARRIVED = datetime(2026, 11, 23, 2, 0)


@pytest.mark.parametrize("after, too_long", [
    (timedelta(minutes=2, seconds=59), False), (timedelta(minutes=3), True), (timedelta(minutes=3, seconds=1), True),
    (timedelta(0), False)])
def test_a_visitor_is_handed_over_once_they_have_waited_three_minutes(after, too_long):
    assert is_waiting_too_long(ARRIVED, ARRIVED + after) is too_long


def test_waiting_time_reads_as_minutes_and_seconds():
    assert waited(ARRIVED, ARRIVED + timedelta(minutes=3, seconds=5)) == "3:05"
    assert waited(ARRIVED, ARRIVED - timedelta(seconds=5)) == "0:00"


def test_another_clerk_takes_over_only_after_three_minutes():
    with pytest.raises(Refused, match="less than 3 minutes"):
        check_take_over(ARRIVED, ARRIVED + timedelta(minutes=2, seconds=59), handler_id=1, taker_id=2)
    check_take_over(ARRIVED, ARRIVED + timedelta(minutes=3), handler_id=1, taker_id=2)


def test_the_clerk_serving_a_visitor_does_not_take_them_over_from_themselves():
    with pytest.raises(Refused, match="already the one"):
        check_take_over(ARRIVED, ARRIVED + timedelta(minutes=10), handler_id=1, taker_id=1)


def test_only_a_waiting_visitor_is_served_and_only_a_signed_in_one_signs_out():
    check_waiting(None, True)
    with pytest.raises(Refused, match="already signed in"):
        check_waiting(ARRIVED, True)
    with pytest.raises(Refused, match="already signed out"):
        check_waiting(None, False)
    with pytest.raises(Refused, match="still waiting"):
        check_sign_out(None)
    check_sign_out(ARRIVED)


@pytest.mark.parametrize("name, phone", [("", "139 1234 5678"), ("", "+86 139-1234-5678"), ("张 三", ""),
                                         ("张三", "13800000000")])
def test_a_visitor_matches_the_block_list_by_phone_or_by_name(name, phone):
    assert matches_block(name, phone, "张三", "13912345678")


@pytest.mark.parametrize("name, phone", [("李四", "13912345679"), ("", ""), ("", "5678")])
def test_others_do_not_match_the_block_list(name, phone):
    assert not matches_block(name, phone, "张三", "13912345678")
    assert not matches_block(name, phone, "", "")


def test_a_block_list_entry_names_someone_and_says_why():
    check_block_entry("张三", "", "多次无理取闹")
    check_block_entry("", "13912345678", "骚扰前台")
    with pytest.raises(Refused, match="name or the phone"):
        check_block_entry(" ", "12", "x")
    with pytest.raises(Refused, match="why"):
        check_block_entry("张三", "", " ")


def test_an_entry_leaves_the_block_list_once_with_a_reason():
    check_removal("已和解", None)
    with pytest.raises(Refused, match="Say why"):
        check_removal("", None)
    with pytest.raises(Refused, match="already removed"):
        check_removal("已和解", ARRIVED)


def test_id_numbers_and_plates_are_checked_when_given():
    check_id_number("")
    check_id_number("11010519491231002X")
    with pytest.raises(Refused):
        check_id_number("1101-0519")
    assert normalised_plate(" 粤b 12345 ") == "粤B12345"
    check_plate("粤B12345")
    check_plate("")
    with pytest.raises(Refused):
        check_plate("<b>")
