"""The rules of lending; no database."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from webapp.domain import Refused
from webapp.domain.hours import utc_naive
from webapp.domain.loans import (SELF_SERVICE_MOST, check_holder, check_quantity, check_self_service, mask_id,
                                 self_service_allowed)
from webapp.domain.register import check_void, is_overdue


def test_a_contractor_needs_company_name_and_id_number():
    check_holder("contractor", name="李工", company="华安电梯", id_number="330102198001011234")
    for missing in ({"company": ""}, {"name": ""}, {"id_number": " "}):
        fields = {**dict(name="李工", company="华安电梯", id_number="330102198001011234"), **missing}
        with pytest.raises(Refused, match="company"):
            check_holder("contractor", **fields)


def test_a_staff_only_key_does_not_leave_with_a_contractor():
    with pytest.raises(Refused, match="only with staff"):
        check_holder("contractor", name="李工", company="华安", id_number="1234567", contractors_allowed=False)
    check_holder("staff", staff_id=3, contractors_allowed=False)


def test_a_resident_needs_a_unit_and_staff_a_name_on_the_roster():
    with pytest.raises(Refused):
        check_holder("resident", name="王先生")
    with pytest.raises(Refused):
        check_holder("staff")
    with pytest.raises(Refused):
        check_holder("visitor")


def test_quantities_never_go_negative():
    check_quantity(3, 3)
    with pytest.raises(Refused) as refused:
        check_quantity(2, 3)
    assert refused.value.params == {"available": 2}
    with pytest.raises(Refused):
        check_quantity(5, 0)


def test_overdue_across_midnight_in_shanghai():
    shanghai = ZoneInfo("Asia/Shanghai")
    due = utc_naive(datetime(2026, 11, 23, 23, 30, tzinfo=shanghai))
    just_after_midnight = utc_naive(datetime(2026, 11, 24, 0, 10, tzinfo=shanghai))
    assert not is_overdue(due, due - timedelta(minutes=1))
    assert is_overdue(due, just_after_midnight)


def test_overdue_compares_instants_whatever_the_time_zone():
    due = utc_naive(datetime(2026, 11, 23, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai")))  # 10:00 UTC
    seen_in_urumqi = utc_naive(datetime(2026, 11, 23, 16, 30, tzinfo=ZoneInfo("Asia/Urumqi")))  # 10:30 UTC
    assert is_overdue(due, seen_in_urumqi)
    assert not is_overdue(due, utc_naive(datetime(2026, 11, 23, 9, 59, tzinfo=timezone.utc)))


def test_a_returned_or_voided_loan_is_never_overdue():
    due, later = datetime(2026, 11, 23, 2), datetime(2026, 11, 24, 2)
    assert not is_overdue(due, later, returned_at=later)
    assert not is_overdue(due, later, voided_at=later)


def test_voiding_needs_a_reason_and_happens_once():
    check_void("登记错了")
    with pytest.raises(Refused):
        check_void("  ")
    with pytest.raises(Refused):
        check_void("again", voided_at=datetime(2026, 11, 23))


def test_id_numbers_are_masked_on_screen():
    assert mask_id("330102198001011234") == "330***********1234"
    assert mask_id("12345") == "*****"


def test_self_service_needs_the_estate_to_enable_it():
    with pytest.raises(Refused, match="front desk"):
        check_self_service(False, 0, 1, "13912345678")
    check_self_service(True, 0, 1, "13912345678")


def test_self_service_never_takes_a_deposit_or_empties_the_cabinet_or_goes_without_a_phone():
    with pytest.raises(Refused, match="deposit of 100"):
        check_self_service(True, 100, 1, "13912345678")
    with pytest.raises(Refused, match="at most 2"):
        check_self_service(True, 0, SELF_SERVICE_MOST + 1, "13912345678")
    with pytest.raises(Refused, match="phone"):
        check_self_service(True, 0, 1, "  ")
    assert self_service_allowed(True, 0) and not self_service_allowed(True, 50) and not self_service_allowed(False, 0)
