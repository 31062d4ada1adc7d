"""The completion and intake forms on a phone: a free repair takes no fees (refused, never dropped), and photos
chosen before a refusal are kept, stored once, and sent with the corrected form."""
import os
import re
from datetime import timedelta

from webapp import clock
from webapp.models import Photo, Ticket
from webapp.models.handling import advance
from webapp.models.photo import KeptPhoto

from . import factories
from .test_completion_photos import accepted_repair, jpeg


def kept_token(page):
    return re.search(r'name="kept_photos" type="hidden" value="([0-9a-f]{32})"', page).group(1)


def finish(client, ticket, **data):
    return client.post(f"/tickets/{ticket.number}/completion", content_type="multipart/form-data", data=data)


def test_fees_on_a_free_repair_are_refused_with_a_message_and_the_entries_kept(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    response = finish(client, ticket, note="更换角阀", paid="free", labour_fee="50", materials="角阀", materials_fee="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and Ticket.get_by_id(ticket.id).state == "accepted"
    assert re.search(r'<div class="row fees has-errors">', page)  # shown again, so the amount can be cleared
    assert re.search(r'id="labour_fee-error" class="error">[^<]*无偿[^<]*</span>', page)
    assert 'value="50"' in page and "更换角阀" in page and 'value="角阀"' in page


def test_a_free_repair_with_materials_and_no_fees_is_recorded(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    assert finish(client, ticket, note="保修内更换", paid="free", materials="角阀", labour_fee="0").status_code == 302
    done = Ticket.get_by_id(ticket.id)
    assert (done.paid, done.labour_fee, done.materials) == (False, None, "角阀")


def test_fee_fields_sit_in_a_block_shown_only_for_a_paid_repair(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    page = client.get(f"/tickets/{ticket.number}/completion").get_data(as_text=True)
    block = re.search(r'<div class="row fees">.*?</div>', page, re.S).group(0)
    assert 'name="labour_fee"' in block and 'name="materials_fee"' in block and 'name="materials"' not in block
    with open(os.path.join(os.path.dirname(__file__), "..", "static", "app.css"), encoding="utf-8") as css:
        assert ".completion:not(:has(input[name=paid][value=paid]:checked)) .fees:not(.has-errors)" in css.read()


def test_photos_chosen_before_an_error_are_kept_and_sent_with_the_corrected_form(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    refused = finish(client, ticket, note="", paid="free", photos=[(jpeg(), "IMG_0001.jpg")])
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "IMG_0001.jpg" in page and Photo.select().count() == 0
    token = kept_token(page)
    sent = finish(client, ticket, note="已修复", paid="free", kept_photos=token,
                  photos=[(jpeg((300, 200)), "IMG_0002.jpg")])
    assert sent.status_code == 302
    assert Photo.select().where(Photo.ticket == ticket).count() == 2 and KeptPhoto.select().count() == 0


def test_kept_photos_count_toward_the_six_allowed(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    first = finish(client, ticket, note="", paid="free", photos=[(jpeg((200, 150)), f"{n}.jpg") for n in range(5)])
    token = kept_token(first.get_data(as_text=True))
    again = finish(client, ticket, note="已修复", paid="free", kept_photos=token,
                   photos=[(jpeg((200, 150)), f"more{n}.jpg") for n in range(2)])
    assert again.status_code == 422 and Ticket.get_by_id(ticket.id).state == "accepted"
    assert kept_token(again.get_data(as_text=True)) == token and KeptPhoto.select().count() == 5


def test_photos_kept_for_one_person_are_not_anothers(client, login, estate, staff):
    login("desk")
    refused = client.post("/tickets", content_type="multipart/form-data", data={
        "kind": "repair", "channel": "walk_in", "unit": "1-101", "description": "", "contact_name": "王先生",
        "intake_key": "desk-form", "photos": [(jpeg(), "crack.jpg")]})
    token = kept_token(refused.get_data(as_text=True))
    client.post("/logout")
    login("desk2")
    client.post("/tickets", data={"kind": "repair", "channel": "walk_in", "unit": "1-101", "description": "墙面开裂",
                                  "contact_name": "王先生", "intake_key": "desk2-form", "kept_photos": token})
    assert Ticket.select().count() == 1 and Photo.select().count() == 0


def test_desk_intake_keeps_photos_across_an_error(client, login, estate, staff):
    login("desk")
    form = {"kind": "repair", "channel": "walk_in", "unit": "1-101", "contact_name": "王先生",
            "intake_key": "kept-photo"}
    refused = client.post("/tickets", content_type="multipart/form-data",
                          data=dict(form, description="", photos=[(jpeg(), "crack.jpg")]))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "crack.jpg" in page
    sent = client.post("/tickets", data=dict(form, description="墙面开裂", kept_photos=kept_token(page)))
    assert sent.status_code == 302
    assert Photo.get().ticket.description == "墙面开裂" and Photo.get().stage == "intake"


def test_photos_never_sent_again_are_removed_after_a_day(client, login, estate, staff, app):
    ticket = accepted_repair(estate, staff)
    login("eng")
    finish(client, ticket, note="", paid="free", photos=[(jpeg(), "IMG_0001.jpg")])
    stale = KeptPhoto.get()
    path = os.path.join(app.instance_path if not app.config["PHOTO_FOLDER"] else app.config["PHOTO_FOLDER"],
                        *([] if app.config["PHOTO_FOLDER"] else ["photos"]), stale.name)
    assert os.path.exists(path)
    with clock.frozen_at(clock.utcnow() + timedelta(days=2)):
        other = factories.ticket(estate, staff["desk"])
        advance(other.id, staff["eng"], "accept")
        finish(client, other, note="", paid="free", photos=[(jpeg(), "IMG_0002.jpg")])
    assert not os.path.exists(path) and [k.filename for k in KeptPhoto.select()] == ["IMG_0002.jpg"]


def test_a_photo_whose_name_holds_control_characters_is_kept_under_a_clean_name(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    refused = finish(client, ticket, note="", paid="free", photos=[(jpeg(), "a\x00b\x07.jpg")])
    assert refused.status_code == 422 and "ab.jpg" in refused.get_data(as_text=True)
    assert KeptPhoto.get().filename == "ab.jpg"
