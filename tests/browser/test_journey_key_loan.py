"""The desk scans a key's tag, lends it to a contractor, sees it overdue once its due time passes, scans it
again on its return and checks it in — at phone size, in real Chromium."""
from datetime import timedelta

from webapp import clock
from webapp.models import Key, Loan
from webapp.models.keys import create_key
from webapp.models.place import create_place

from ..conftest import DESK_HOURS_UTC
from .journeys import PHONE, choose, sign_in


def test_key_scanned_lent_to_a_contractor_caught_overdue_and_checked_in(browser, live_server, estate, staff):
    cabinet = create_place(estate, name="前台钥匙柜", kind="key_cabinet")
    key = create_key(estate, "1号楼电梯机房", opens="电梯机房", cabinet=cabinet, hook="C3")
    desk = sign_in(browser.new_context(**PHONE), live_server, "desk")

    desk.goto(f"{live_server}/k/{key.token}")  # what the phone's camera opens
    choose(desk, "holder_kind", "contractor")
    desk.fill("input[name=holder_name]", "李工")
    desk.fill("input[name=holder_company]", "华安电梯")
    desk.fill("input[name=holder_id_number]", "330102198001011234")
    desk.fill("input[name=holder_phone]", "13700001111")
    desk.fill("input[name=purpose]", "电梯年检")
    desk.fill("input[name=due_at]", "2026-11-23T11:00")  # an hour after the frozen 10:00 in Shanghai
    desk.click("form.loan-form button.big")
    loan_row = desk.locator("li.loan").first
    assert "330***********1234" in loan_row.inner_text()

    with clock.frozen_at(DESK_HOURS_UTC + timedelta(hours=1, minutes=5)):
        desk.goto(f"{live_server}/board/")
        desk.locator(".overdue-loans li.overdue", has_text="13700001111").wait_for(timeout=2000)
        desk.goto(f"{live_server}/k/{key.token}")  # the contractor brings it back
        desk.locator("li.loan form[action$='/return'] button").click()
        desk.wait_for_load_state()

    loan = Loan.get()
    assert loan.returned_by.username == "desk" and Key.get_by_id(key.id).out_loan_id is None
    assert "loan-form" in desk.content()  # the key is in the cabinet again, ready to lend
