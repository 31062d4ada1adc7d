"""A photo costs a worker little: camera JPEGs up to 50 MP are kept, other pictures are held to what a screenshot
needs and refused from their header, and a worker decodes one photo at a time."""
import io
import struct
import threading
import time

import pytest
from PIL import Image, ImageFile

from webapp.media import photos
from webapp.models import Photo, Ticket
from webapp.models.handling import advance
from webapp.models.place import create_place
from webapp.media.photos import reencode

from . import factories
from .test_photos import encoded, png_claiming, refusal


def gif_frame(width, height):
    """A GIF image descriptor of width×height at the corner, with a scrap of pixel data."""
    return b"," + struct.pack("<HHHH", 0, 0, width, height) + b"\x00\x02\x02\x4c\x01\x00"


@pytest.fixture(scope="module")
def camera_50mp():
    """A 50 MP camera JPEG (8660×5773, a phone's 50 MP mode); one flat colour keeps it under a megabyte."""
    return encoded(Image.new("RGB", (8660, 5773), (200, 120, 40)), "JPEG")


def test_a_50_megapixel_camera_jpeg_is_kept_at_1600_pixels(camera_50mp):
    photo, thumb, width, height = reencode(camera_50mp, "IMG_0001.jpg")
    assert (width, height) == Image.open(io.BytesIO(photo)).size == (1600, 1067)
    assert Image.open(io.BytesIO(thumb)).size == (320, 213)


def test_a_7071_pixel_square_png_is_refused_from_its_header_naming_the_file():
    started = time.perf_counter()
    refused = refusal(png_claiming(7071, 7071), name="screen.png")
    # Had it been decoded, the empty pixel data would have made it unreadable instead.
    assert refused.message == photos.TOO_BIG_TO_DECODE
    assert str(refused) == ("screen.png is too large a picture (7071 × 7071 pixels). "
                            "Send a photo from the camera or a smaller screenshot.")
    assert time.perf_counter() - started < 0.5


def test_a_png_screenshot_of_12_megapixels_is_decoded_and_one_pixel_row_more_is_refused():
    assert refusal(png_claiming(1000, 12_000)).message == photos.UNREADABLE  # within budget: it was decoded
    assert refusal(png_claiming(1000, 12_001)).message == photos.TOO_BIG_TO_DECODE


def test_a_real_phone_screenshot_is_kept():
    photo, _thumb, width, height = reencode(encoded(Image.new("RGBA", (1290, 2796), (20, 20, 20, 255)), "PNG"))
    assert (width, height) == (738, 1600)


def test_a_progressive_jpeg_is_held_to_the_screenshot_budget():
    # libjpeg keeps every coefficient of a progressive JPEG in memory, however small the draft.
    image = Image.new("L", (5000, 4000), 128)
    assert refusal(encoded(image, "JPEG", progressive=True)).message == photos.TOO_BIG_TO_DECODE
    assert reencode(encoded(image, "JPEG"))[2:] == (1600, 1280)


def test_a_multi_picture_jpeg_from_a_phone_is_kept_like_a_jpeg():
    portrait = encoded(Image.new("RGB", (5000, 4000), "red"), "MPO", save_all=True,
                       append_images=[Image.new("RGB", (50, 40))])
    assert Image.open(io.BytesIO(portrait)).format == "MPO"
    assert reencode(portrait)[2:] == (1600, 1280)


def test_a_webp_over_8_megapixels_is_refused():
    assert refusal(encoded(Image.new("RGB", (3000, 3000), "red"), "WEBP", lossless=True, method=0)).message \
        == photos.TOO_BIG_TO_DECODE


def test_a_gif_whose_first_frame_outgrows_its_screen_is_refused_by_that_frame():
    gif = b"GIF89a" + struct.pack("<HH", 10, 10) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\x00\x00"
    refused = refusal(gif + gif_frame(7071, 7071) + b";", name="sticker.gif")
    assert (refused.message, refused.params["width"]) == (photos.TOO_BIG_TO_DECODE, 7071)


def test_an_animated_gif_is_kept_as_its_first_frame_without_reading_the_others():
    first = encoded(Image.new("RGB", (60, 40), "red"), "GIF")
    # A second frame claiming 8000×8000 with no real pixels: decoding it would fail or cost 256 MB.
    animated = first[:-1] + gif_frame(8000, 8000) + b";"
    photo, _thumb, width, height = reencode(animated)
    assert (width, height) == (60, 40)
    assert Image.open(io.BytesIO(photo)).getpixel((30, 20))[0] > 200


def test_photos_are_decoded_one_at_a_time_in_a_worker(monkeypatch):
    decoding, most, count = 0, 0, threading.Lock()
    load = ImageFile.ImageFile.load

    def slow_load(image):
        nonlocal decoding, most
        with count:
            decoding += 1
            most = max(most, decoding)
        time.sleep(0.02)
        try:
            return load(image)
        finally:
            with count:
                decoding -= 1

    monkeypatch.setattr(ImageFile.ImageFile, "load", slow_load)
    data = encoded(Image.new("RGB", (400, 300), "green"), "JPEG")
    kept = []
    threads = [threading.Thread(target=lambda: kept.append(reencode(data))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 4 and most == 1


# Over HTTP: the refusal speaks the user's language, names the file and keeps what was typed.

def test_engineer_finishing_with_a_7071_pixel_png_is_told_why_and_keeps_the_note(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    advance(ticket.id, staff["eng"], "accept")
    login("eng")
    response = client.post(f"/tickets/{ticket.number}/completion", content_type="multipart/form-data", data={
        "note": "更换角阀", "paid": "free", "photos": [(io.BytesIO(png_claiming(7071, 7071)), "截图.png")]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "截图.png 图片尺寸过大（7071 × 7071 像素）" in page
    assert "更换角阀" in page
    assert Ticket.get_by_id(ticket.id).state == "accepted" and Photo.select().count() == 0


def test_resident_sending_a_7071_pixel_png_is_told_why_and_keeps_the_report(client, estate, staff):
    lobby = create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)
    response = client.post(f"/q/{lobby.token}", content_type="multipart/form-data", data={
        "choice": "repair", "description": "电梯按钮失灵", "contact_phone": "13911112222", "intake_key": "k1",
        "photos": [(io.BytesIO(png_claiming(7071, 7071)), "lift.png")]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "lift.png 图片尺寸过大" in page
    assert "电梯按钮失灵" in page and 'value="13911112222"' in page
    assert Ticket.select().count() == 0 and Photo.select().count() == 0


def test_resident_attaches_a_50_megapixel_camera_photo_kept_at_1600_pixels(client, estate, staff, camera_50mp):
    lobby = create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)
    response = client.post(f"/q/{lobby.token}", content_type="multipart/form-data", data={
        "choice": "repair", "description": "电梯按钮失灵", "intake_key": "k1",
        "photos": [(io.BytesIO(camera_50mp), "IMG_0001.jpg")]})
    assert response.status_code == 303
    assert (Photo.get().width, Photo.get().height) == (1600, 1067)
