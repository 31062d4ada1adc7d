"""Finishing work from the phone with photos; bad photos are refused and nothing typed is lost."""
import io

from PIL import Image

from webapp.models import Photo, Ticket
from webapp.models.handling import advance

from . import factories


def jpeg(size=(1200, 900), gps=True):
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    out.seek(0)
    return out


def accepted_repair(estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    advance(ticket.id, staff["eng"], "accept")
    return ticket


def test_engineer_finishes_a_repair_with_a_photo_and_charges(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    response = client.post(f"/tickets/{ticket.number}/completion", content_type="multipart/form-data", data={
        "note": "更换角阀", "paid": "paid", "labour_fee": "50", "materials": "角阀一个", "materials_fee": "35.5",
        "photos": [(jpeg(), "IMG_0001.jpg")]})
    assert response.status_code == 302
    done = Ticket.get_by_id(ticket.id)
    assert (done.state, done.paid, float(done.labour_fee), done.materials) == ("done", True, 50.0, "角阀一个")
    photo = Photo.get()
    served = client.get(f"/photos/{photo.id}")
    image = Image.open(io.BytesIO(served.data))
    assert served.mimetype == "image/jpeg" and not image.getexif()
    assert client.get(f"/photos/{photo.id}/thumb").status_code == 200
    assert f"/photos/{photo.id}/thumb" in client.get(f"/tickets/{ticket.number}").get_data(as_text=True)


def test_a_file_that_is_not_a_photo_is_refused_and_the_note_kept(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    response = client.post(f"/tickets/{ticket.number}/completion", content_type="multipart/form-data", data={
        "note": "更换角阀", "paid": "free", "photos": [(io.BytesIO(b"not a photo at all"), "report.jpg")]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "report.jpg" in page and "更换角阀" in page
    assert Ticket.get_by_id(ticket.id).state == "accepted" and Photo.select().count() == 0


def test_a_photo_over_15_mb_is_refused(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    big = io.BytesIO(b"\xff\xd8" + b"0" * (15 * 1024 * 1024 + 10))
    response = client.post(f"/tickets/{ticket.number}/completion", content_type="multipart/form-data", data={
        "note": "已修复", "paid": "free", "photos": [(big, "huge.jpg")]})
    assert response.status_code == 422 and "huge.jpg" in response.get_data(as_text=True)
    assert Ticket.get_by_id(ticket.id).state == "accepted"


def test_more_than_six_photos_are_refused(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    response = client.post(f"/tickets/{ticket.number}/completion", content_type="multipart/form-data", data={
        "note": "已修复", "paid": "free", "photos": [(jpeg((200, 150)), f"{n}.jpg") for n in range(7)]})
    assert response.status_code == 422 and Photo.select().count() == 0


def test_a_repair_must_say_paid_or_free(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    response = client.post(f"/tickets/{ticket.number}/completion", data={"note": "已修复"})
    assert response.status_code == 422 and Ticket.get_by_id(ticket.id).state == "accepted"


def test_desk_attaches_a_photo_at_intake(client, login, estate, staff):
    login("desk")
    response = client.post("/tickets", content_type="multipart/form-data", data={
        "kind": "repair", "channel": "walk_in", "unit": "1-101", "contact_name": "王先生", "description": "墙面开裂",
        "intake_key": "with-photo", "photos": [(jpeg(), "crack.jpg")]})
    assert response.status_code == 302
    assert Photo.get().stage == "intake" and Photo.get().ticket.description == "墙面开裂"


def test_photos_of_a_ticket_one_cannot_see_are_not_found(client, login, estate, staff):
    suggestion = factories.ticket(estate, staff["desk"], "suggestion")
    advance(suggestion.id, staff["cshead"], "accept")
    login("cshead")
    client.post(f"/tickets/{suggestion.number}/completion", content_type="multipart/form-data",
                data={"note": "已采纳", "photos": [(jpeg(), "a.jpg")]})
    client.post("/logout")
    login("guard")
    assert client.get(f"/photos/{Photo.get().id}").status_code == 404
