"""Uploaded photos are kept upright, small, without location, or refused with the file's name."""
import io
import os
import re
import struct
import time
import zlib
from datetime import datetime

import pytest
from PIL import EpsImagePlugin, ExifTags, Image, ImageDraw, ImageFile

from webapp.media import photos
from webapp.domain import Refused
from webapp.media.photos import PhotoRefused, read_upload, reencode, store

NOW = datetime(2026, 11, 23, 2, 0)
RED_CORNER = (0, 0, 1000, 750)
GPS = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (31.0, 14.0, 5.0),
       ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (121.0, 28.0, 9.0)}


def encoded(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def scene(size):
    """Something with the texture of a photo, so JPEG sizes mean something."""
    grain = Image.effect_noise((size[0] // 4, size[1] // 4), 40).resize(size, Image.Resampling.BICUBIC)
    return Image.merge("RGB", (Image.linear_gradient("L").resize(size), Image.radial_gradient("L").resize(size),
                               grain))


@pytest.fixture(scope="module")
def phone_photo():
    """4000×3000 as the sensor stored it, to be shown turned 90° clockwise, with GPS and a comment."""
    image = scene((4000, 3000))
    ImageDraw.Draw(image).rectangle(RED_CORNER, fill="red")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = GPS
    data = encoded(image, "JPEG", quality=92, exif=exif, comment=b"home of the resident")
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


@pytest.fixture(scope="module")
def kept(phone_photo):
    photo, thumb, width, height = reencode(phone_photo, "IMG_0001.jpg")
    return Image.open(io.BytesIO(photo)), Image.open(io.BytesIO(thumb)), width, height, photo


def png_claiming(width, height):
    """A PNG whose header claims width×height but which carries no pixels at all."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def is_red(pixel):
    red, green, blue = pixel
    return red > 200 and green < 60 and blue < 60


def refusal(data, name="upload.jpg"):
    with pytest.raises(PhotoRefused) as refused:
        reencode(data, name)
    return refused.value


def test_photo_from_a_phone_is_turned_upright_and_loses_its_gps(kept):
    photo, _thumb, width, height, raw = kept
    assert (width, height) == photo.size == (1200, 1600)
    corners = [(20, 20), (width - 20, 20), (20, height - 20), (width - 20, height - 20)]
    assert [is_red(photo.getpixel(corner)) for corner in corners] == [False, True, False, False]
    assert not photo.getexif()
    assert not photo.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(photo.info)
    assert b"Exif" not in raw and b"resident" not in raw


def test_photo_from_a_phone_is_shrunk_to_1600_pixels_and_stays_light(kept):
    photo, _thumb, _width, _height, raw = kept
    assert max(photo.size) == photos.MAX_SIDE == 1600
    assert photo.format == "JPEG"
    assert len(raw) < 600 * 1024


def test_thumbnail_is_320_pixels_on_the_long_side_and_upright(kept):
    _photo, thumb, _width, _height, _raw = kept
    assert thumb.format == "JPEG"
    assert thumb.size == (240, 320)
    assert not thumb.getexif()


def test_small_photo_is_not_enlarged():
    photo, thumb, width, height = reencode(encoded(scene((800, 600)), "JPEG"))
    assert (width, height) == Image.open(io.BytesIO(photo)).size == (800, 600)
    assert Image.open(io.BytesIO(thumb)).size == (320, 240)


def test_transparent_png_is_kept_on_white():
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((100, 0, 199, 99), fill=(0, 0, 255, 255))
    photo, _thumb, _width, _height = reencode(encoded(image, "PNG"))
    kept = Image.open(io.BytesIO(photo))
    assert kept.format == "JPEG" and kept.mode == "RGB"
    assert min(kept.getpixel((20, 50))) > 245
    assert kept.getpixel((180, 50))[2] > 200 and kept.getpixel((180, 50))[0] < 40


def test_animated_gif_is_kept_as_its_first_frame():
    frames = [Image.new("RGB", (60, 40), colour) for colour in ("red", "green")]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    photo, _thumb, _width, _height = reencode(data)
    assert is_red(Image.open(io.BytesIO(photo)).getpixel((30, 20)))


def test_sixteen_bit_grey_png_keeps_its_mid_greys():
    photo, _thumb, _width, _height = reencode(encoded(Image.new("I;16", (50, 50), 32768), "PNG"))
    assert all(120 <= channel <= 136 for channel in Image.open(io.BytesIO(photo)).getpixel((25, 25)))


def test_cmyk_jpeg_comes_out_in_rgb():
    photo, _thumb, _width, _height = reencode(encoded(Image.new("CMYK", (50, 50), (0, 255, 255, 0)), "JPEG"))
    kept = Image.open(io.BytesIO(photo))
    assert kept.mode == "RGB" and is_red(kept.getpixel((25, 25)))


def test_text_file_named_jpg_is_refused_naming_the_file():
    refused = refusal(b"Meeting notes: fix the lift on Monday.\n", name="notes.jpg")
    assert refused.message == photos.UNREADABLE
    assert refused.params == {"name": "notes.jpg"}
    assert "notes.jpg" in str(refused)


def test_refusal_without_a_file_name_still_reads_well():
    with pytest.raises(PhotoRefused) as refused:
        reencode(b"")
    assert str(refused.value).startswith("This file is not a photo")


def test_photo_refusal_is_explained_like_any_refusal_of_the_desk():
    assert issubclass(PhotoRefused, Refused)


def test_truncated_jpeg_is_refused():
    whole = encoded(scene((800, 600)), "JPEG")
    assert refusal(whole[:len(whole) // 2]).message == photos.UNREADABLE
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_postscript_is_refused_without_running_ghostscript(monkeypatch):
    def ghostscript(*args, **kwargs):
        raise AssertionError("Ghostscript ran on an upload")
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", ghostscript)
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    assert refusal(eps, name="scan.eps").message == photos.UNREADABLE


def test_decompression_bomb_is_refused_from_its_header_without_decoding():
    started = time.perf_counter()
    refused = refusal(png_claiming(8000, 8000), name="bomb.png")
    # The file has no pixel data: had it been decoded, it would be refused as unreadable instead.
    assert refused.message == photos.TOO_MANY_PIXELS
    assert refused.params == {"name": "bomb.png"}
    assert time.perf_counter() - started < 0.5


def test_bomb_beyond_pillows_own_limit_is_refused_the_same_way():
    assert refusal(png_claiming(20000, 20000)).message == photos.TOO_MANY_PIXELS


def test_pixel_limit_holds_even_with_pillows_guard_switched_off(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    assert refusal(png_claiming(8000, 8000)).message == photos.TOO_MANY_PIXELS
    assert refusal(png_claiming(20000, 20000)).message == photos.TOO_MANY_PIXELS


def test_upload_over_the_limit_is_refused_naming_the_file():
    with pytest.raises(PhotoRefused) as refused:
        read_upload(io.BytesIO(bytes(101)), max_bytes=100, name="big.jpg")
    assert refused.value.message == photos.TOO_LARGE
    assert refused.value.params["name"] == "big.jpg"


def test_upload_at_the_limit_is_read_whole():
    assert read_upload(io.BytesIO(b"x" * 100), max_bytes=100) == b"x" * 100


class Trickle(io.RawIOBase):
    """A stream that hands out at most seven bytes per read, as a raw socket may."""

    def __init__(self, data):
        self.data = io.BytesIO(data)

    def readable(self):
        return True

    def read(self, size=-1):
        return self.data.read(min(size, 7) if size >= 0 else 7)


def test_upload_arriving_in_small_pieces_is_read_whole_and_still_limited():
    assert read_upload(Trickle(b"x" * 100), max_bytes=100) == b"x" * 100
    with pytest.raises(PhotoRefused):
        read_upload(Trickle(b"x" * 101), max_bytes=100)


def test_uploads_are_limited_to_15_megabytes():
    limit = 15 * 1024 * 1024
    assert len(read_upload(io.BytesIO(bytes(limit)))) == limit
    with pytest.raises(PhotoRefused) as refused:
        read_upload(io.BytesIO(bytes(limit + 1)), name="video.mp4")
    assert str(refused.value) == "video.mp4 is larger than 15 MB."


def test_stored_photo_and_thumbnail_land_under_year_and_month(tmp_path):
    stored = store(encoded(scene((2000, 1500)), "JPEG"), str(tmp_path), NOW, name="tap.jpg")
    assert re.fullmatch(r"2026/11/[0-9a-f]{32}\.jpg", stored.name)
    assert stored.thumb == stored.name[:-len(".jpg")] + ".t.jpg"
    photo = Image.open(tmp_path / stored.name)
    assert photo.format == "JPEG" and photo.size == (stored.width, stored.height) == (1600, 1200)
    assert stored.size == os.path.getsize(tmp_path / stored.name)
    assert Image.open(tmp_path / stored.thumb).format == "JPEG"
    assert sorted(os.listdir(tmp_path / "2026" / "11")) == sorted(
        os.path.basename(path) for path in (stored.name, stored.thumb))


def test_storing_the_same_photo_twice_gives_two_names(tmp_path):
    data = encoded(scene((400, 300)), "JPEG")
    assert store(data, str(tmp_path), NOW).name != store(data, str(tmp_path), NOW).name


def test_refused_photo_leaves_no_file_behind(tmp_path):
    with pytest.raises(PhotoRefused):
        store(b"not a photo", str(tmp_path), NOW, name="notes.jpg")
    assert not any(files for _dir, _dirs, files in os.walk(tmp_path))
