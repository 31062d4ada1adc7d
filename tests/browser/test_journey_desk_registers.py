"""The desk's registers on a phone at the counter (390×844): a parcel registered as a scanner gun types it, the
recipient told through the webhook (the SMS gateway's receiver), then handed over with the code from that message
and a signature drawn on the screen; a visitor signed in and out."""
from webapp.models import Estate, Parcel, ParcelEvent, Visitor

from ..test_alerts import SECRET, clock_round, receiver  # noqa: F401 -- the receiver fixture
from .journeys import PHONE, choose, sign_in

COUNTER = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def sign(page):
    """A signature drawn with a finger on the pad."""
    pad = page.locator("canvas[data-signature-pad]").bounding_box()
    x, y = pad["x"] + 20, pad["y"] + pad["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 18, y + (12 if step % 2 else -12))
    page.mouse.up()


def test_a_parcel_is_registered_announced_and_handed_over_with_its_code_and_a_signature(
        app, browser, live_server, estate, staff, receiver):  # noqa: F811
    Estate.update(webhook_url=receiver.url, webhook_secret=SECRET).where(Estate.id == estate.id).execute()
    assert PHONE["viewport"] == COUNTER["viewport"]
    context = browser.new_context(**COUNTER)
    page = sign_in(context, live_server, "desk")
    page.goto(f"{live_server}/parcels/")
    choose(page, "carrier", "sf")
    page.locator("input[name=tracking]").click()
    page.keyboard.type("SF1400228899")
    page.keyboard.press("Enter")              # the scanner gun's Enter: on to the unit
    page.keyboard.type("1-101")
    page.keyboard.press("Enter")              # saves
    page.locator("#parcels-today li.parcel-row", has_text="1-101").wait_for()
    parcel = Parcel.get()
    assert parcel.tracking == "SF1400228899" and parcel.unit.number == "1-101"

    clock_round(app)                          # the clock process delivers the notice
    (notice,) = [b for b in receiver.bodies() if b["reason"] == "parcel_arrived"]
    assert notice["unit"] == "1-101" and notice["carrier"] == "顺丰" and len(notice["code"]) == 6

    page.goto(f"{live_server}/parcels/{parcel.id}")
    page.fill("input[name=code]", notice["code"])   # read out by the recipient from the message
    sign(page)
    signed = "document.querySelector('input[data-signature-file]').files.length"
    for _ in range(50):                        # the pad turns the drawing into a file (the policy forbids eval)
        if page.evaluate(signed):
            break
        page.wait_for_timeout(100)
    page.locator("button[data-hand-over]").click()
    page.locator("img.parcel-signature").wait_for()
    assert "已领取" in page.content()
    picked = Parcel.get_by_id(parcel.id)
    assert picked.returned_at is not None
    assert ParcelEvent.select().where(ParcelEvent.action == "back").count() == 1
    context.close()


def test_a_visitor_is_signed_in_at_the_counter_and_out_with_one_tap(browser, live_server, estate, staff):
    context = browser.new_context(**COUNTER)
    page = sign_in(context, live_server, "desk")
    page.goto(f"{live_server}/visitors/")
    page.locator("a[href$='/visitors/new']").first.click()
    page.fill("input[name=phone]", "13912345678")
    page.fill("input[name=name]", "李明")
    page.fill("input[name=unit]", "1-101")
    page.fill("input[name=purpose]", "探访亲友")
    page.locator("form.visitor-form button.big").click()
    row = page.locator("#inside li", has_text="李明")
    row.wait_for()
    assert "139****5678" in row.inner_text() and "13912345678" not in page.content()
    row.locator("button").click()
    page.locator("#inside li", has_text="李明").wait_for(state="detached")
    visitor = Visitor.get()
    assert visitor.returned_by_id == staff["desk"].id and visitor.unit.number == "1-101"
    context.close()


def test_a_label_scanned_twice_is_warned_about_and_registered_again_only_when_the_clerk_ticks_the_box(
        browser, live_server, estate, staff):
    context = browser.new_context(**COUNTER)
    page = sign_in(context, live_server, "desk")
    page.goto(f"{live_server}/parcels/")
    for _ in range(2):                        # the gun reads the same label twice
        page.locator("input[name=tracking]").click()
        page.keyboard.type("YT5550001234")
        page.keyboard.press("Enter")
        page.keyboard.type("1-102")
        page.keyboard.press("Enter")
        page.locator("#parcels-today li.parcel-row", has_text="1-102").first.wait_for()
    warning = page.locator(".parcel-duplicate")
    warning.wait_for()
    assert "此单号已登记过" in warning.inner_text() and "1-102" in warning.inner_text()
    assert Parcel.select().count() == 1
    assert page.input_value("input[name=tracking]") == "YT5550001234"   # what was typed is kept
    assert page.input_value("input[name=unit]") == "1-102"
    assert focused(page, "confirmed")
    page.keyboard.press("Space")              # ticks 仍然登记
    page.keyboard.press("Enter")              # and saves
    page.locator("#parcels-today li.parcel-row", has_text="1-102").nth(1).wait_for()
    assert Parcel.select().count() == 2 and not page.locator(".parcel-duplicate").count()
    assert focused(page, "tracking")           # ready for the next label
    context.close()


def focused(page, name):
    """Whether the field `name` gets the focus within 5 s (htmx focuses after settling; the policy forbids the
    eval that wait_for_function would use). Generous: CI runs two suites side by side on two cores."""
    for _ in range(50):
        if page.evaluate("document.activeElement ? document.activeElement.name : ''") == name:
            return True
        page.wait_for_timeout(100)
    return False
