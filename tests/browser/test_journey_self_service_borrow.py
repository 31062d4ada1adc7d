"""A resident borrows an umbrella from the lending cabinet's sticker with scripts off, the desk sees who has it,
and the resident says it is back from the private link."""
from playwright.sync_api import expect

from webapp.models import Estate, ItemType, Loan
from webapp.models.items import create_item_type
from webapp.models.place import create_place

from .journeys import PHONE, choose, sign_in


def test_resident_borrows_an_umbrella_by_scanning_and_puts_it_back(browser, live_server, estate, staff):
    Estate.update(self_service_lending=True).where(Estate.id == estate.id).execute()
    cabinet = create_place(estate, name="前台借用柜", kind="lending_cabinet", building=estate.buildings.first(), floor=1)
    umbrellas = create_item_type(estate, "雨伞", 5, cabinet=cabinet)
    create_item_type(estate, "折叠梯", 1, cabinet=cabinet, deposit=200)
    resident = browser.new_context(**PHONE, java_script_enabled=False).new_page()

    resident.goto(f"{live_server}/q/{cabinet.token}")
    assert resident.locator("a.borrow").count() == 1  # the ladder takes a deposit: at the desk only
    resident.click("a.borrow")
    resident.fill("input[name=unit]", "1-201")
    resident.fill("input[name=phone]", "13912345678")
    choose(resident, "hours", "'2'")
    resident.click("form button")
    expect(resident.locator("body")).to_contain_text("借用中")  # waits out the redirect after the post
    assert "/l/" in resident.url

    desk = sign_in(browser.new_context(**PHONE), live_server, "desk")
    desk.goto(f"{live_server}/items/{umbrellas.id}")
    assert "住户自助" in desk.content() and "13912345678" in desk.content()

    resident.click("text=我已放回借用柜")
    assert "已放回借用柜" in resident.locator(".status").inner_text()
    desk.reload()
    assert "住户自行放回" in desk.content()
    assert ItemType.get_by_id(umbrellas.id).available == 5 and Loan.get().returned_at is not None
