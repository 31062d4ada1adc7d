"""The parcel rules, without a database: who may take a parcel and how, when reminders fall due, what the
gateway's notice carries."""
from datetime import datetime, timedelta

import pytest

from webapp.domain import Refused
from webapp.domain.parcels import (age_band, carrier_name, check_pickup, check_recipient, duplicate_note,
                                   duplicate_of, mask_name, notice, reminder_due, search_kind)
from webapp.domain.register import new_claim_code

ARRIVED = datetime(2026, 11, 23, 2, 0)


def test_a_parcel_is_taken_with_its_code_and_a_signature_or_a_typed_name():
    assert check_pickup("parcel", "123456", "123456", "", True) == "code"
    assert check_pickup("parcel", "123456", " 123456 ", "王芳", False) == "code"


def test_a_wrong_or_missing_code_is_refused_with_a_clear_message():
    for given in ("654321", "", "12345", "一二三四五六", None):
        with pytest.raises(Refused, match="does not match"):
            check_pickup("parcel", "123456", given, "王芳", True)


def test_without_a_signature_or_a_name_nothing_is_handed_over():
    with pytest.raises(Refused, match="sign"):
        check_pickup("parcel", "123456", "123456", "", False)


def test_mail_is_picked_up_by_name_without_a_code():
    assert check_pickup("mail", None, "", "王芳", False) == "name"
    assert check_pickup("newspaper", None, "", "", True) == "name"


def test_a_proxy_gives_name_phone_and_a_photo():
    assert check_pickup("parcel", "123456", "123456", "", False, "李四", "13900001111", True) == "proxy"
    with pytest.raises(Refused, match="photo"):
        check_pickup("parcel", "123456", "123456", "", False, "李四", "13900001111", False)
    with pytest.raises(Refused, match="name and phone"):
        check_pickup("parcel", "123456", "123456", "", False, "李四", "", True)


def test_reminders_fall_due_at_one_three_and_seven_days():
    assert reminder_due(ARRIVED, ARRIVED + timedelta(hours=23)) == (None, ARRIVED + timedelta(days=1))
    assert reminder_due(ARRIVED, ARRIVED + timedelta(days=1)) == (1, ARRIVED + timedelta(days=3))
    assert reminder_due(ARRIVED, ARRIVED + timedelta(days=2), reminded=1) == (None, ARRIVED + timedelta(days=3))
    assert reminder_due(ARRIVED, ARRIVED + timedelta(days=3), reminded=1) == (3, ARRIVED + timedelta(days=7))
    assert reminder_due(ARRIVED, ARRIVED + timedelta(days=8), reminded=3) == (7, None)
    assert reminder_due(ARRIVED, ARRIVED + timedelta(days=30), reminded=7) == (None, None)


def test_a_clock_stopped_for_days_sends_only_the_latest_reminder_due():
    assert reminder_due(ARRIVED, ARRIVED + timedelta(days=4)) == (3, ARRIVED + timedelta(days=7))


def test_the_unclaimed_list_bands_by_age():
    assert [age_band(ARRIVED, ARRIVED + timedelta(days=d)) for d in (0, 1, 2, 3, 6, 7, 40)] == [0, 1, 1, 3, 3, 7, 7]


def test_the_notice_carries_what_the_gateway_needs_with_the_name_masked():
    body = notice("parcel", "1-101", "王小明", "顺丰", "042917", "08:00–17:30", "13912345678", "A3")
    assert body == {"kind": "parcel", "reason": "parcel_arrived", "unit": "1-101", "place": "1-101", "name": "王**",
                    "carrier": "顺丰", "code": "042917", "desk_hours": "08:00–17:30", "phone": "13912345678",
                    "shelf": "A3"}


def test_names_carriers_and_searches():
    assert mask_name("王芳") == "王*" and mask_name("") == "" and mask_name("王") == "王"
    assert carrier_name("sf") == "顺丰" and carrier_name("other", " 德邦 ") == "德邦"
    assert [search_kind(t) for t in ("042917", "2-1503", "8841", "王")] == ["code", "unit", "text", "text"]


def test_a_parcel_needs_a_tracking_number_and_someone_to_hand_it_to():
    check_recipient("parcel", "SF1234", "1-101", "")
    check_recipient("mail", "", "", "王芳")
    with pytest.raises(Refused):
        check_recipient("parcel", "", "1-101", "")
    with pytest.raises(Refused):
        check_recipient("mail", "", "", "")


def test_codes_are_six_random_digits():
    codes = {new_claim_code() for _ in range(50)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 40


def test_an_arrival_note_names_the_earlier_parcel_only_when_it_says_so():
    assert duplicate_of(duplicate_note(42)) == 42
    assert duplicate_of("") is None and duplicate_of("duplicate-of:") is None
    assert duplicate_of("duplicate-of:4x") is None and duplicate_of("业主说包裹压坏了") is None
