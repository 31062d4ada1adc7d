"""A resident scans a lift-lobby sticker with scripts off (as in WeChat's browser), reports a repair with a photo
in three interactions, an engineer's open queue shows it within 2 s, and the resident rates the repair."""
import time

from playwright.sync_api import expect

from webapp.models import Photo, Ticket
from webapp.models.place import create_place

from .journeys import PHONE, camera_photo, sign_in


def test_resident_reports_by_qr_in_three_interactions_and_rates_the_repair(browser, live_server, estate, staff,
                                                                          tmp_path):
    lobby = create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)
    engineer = sign_in(browser.new_context(**PHONE), live_server, "eng2")
    engineer.goto(f"{live_server}/queue/engineering")
    resident = browser.new_context(**PHONE, java_script_enabled=False).new_page()

    resident.goto(f"{live_server}/q/{lobby.token}")
    resident.fill("textarea[name=description]", "电梯按钮失灵，按了没反应")          # 1: type
    resident.set_input_files("input[name=photos]", str(camera_photo(tmp_path)))     # 2: photo
    resident.click("button[name=choice][value=repair]")                              # 3: send as a repair
    sent = time.monotonic()
    assert "/t/" in resident.url
    number = resident.locator("header h1").inner_text().split("·")[-1].strip()

    engineer.locator(f"#card-{number}").wait_for(timeout=2000)
    assert time.monotonic() - sent <= 2.0
    engineer.locator(f"#card-{number} form[action$='/accept'] button").click()
    engineer.locator(f"#card-{number} a.button").click()
    engineer.fill("textarea[name=note]", "更换按钮面板")
    engineer.locator("label", has=engineer.locator("input[name=paid][value=free]")).click()
    engineer.click("button.big")
    engineer.wait_for_url(lambda url: "/completion" not in url)

    resident.reload()
    resident.locator("label", has=resident.locator("input[name=fixed][value=yes]")).click()
    resident.locator("label", has=resident.locator("input[name=rating][value='5']")).click()
    resident.fill("textarea[name=comment]", "修得很快")
    resident.click("form[action$='/verdict'] button")
    expect(resident.locator("body")).to_contain_text("5★")  # waits out the redirect after the post

    ticket = Ticket.get(Ticket.number == number)
    assert (ticket.channel, ticket.state, ticket.resident_rating, ticket.place.id) == ("qr", "done", 5, lobby.id)
    assert Photo.select().where(Photo.ticket == ticket).count() == 1
