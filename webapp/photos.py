"""Uploaded photos made safe to keep: upright, at most 1600 px, JPEG, no metadata (so no GPS), with a thumbnail."""
import os
import struct
import uuid
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from PIL import Image, ImageOps

from .domain import N_, Refused

MEGABYTE = 1024 * 1024
MAX_BYTES = 15 * MEGABYTE
MAX_SIDE = 1600
THUMB_SIDE = 320
QUALITY = 80
MAX_PIXELS = 50_000_000
# What phones and browsers send. Anything else is refused unread: EPS would run Ghostscript, and the
# rarer decoders (TIFF, PSD, ...) are where Pillow's security fixes keep landing.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
UNNAMED = "This file"

UNREADABLE = N_("%(name)s is not a photo we can read. Use a JPEG or PNG from the camera.")
TOO_LARGE = N_("%(name)s is larger than %(megabytes)s MB.")
TOO_MANY_PIXELS = N_("%(name)s has too many pixels to be a photo.")


class PhotoRefused(Refused):
    """An upload the desk will not keep; `message` is English, marked for translation, `params` name the file."""


@dataclass(frozen=True)
class StoredPhoto:
    name: str     # path of the full photo under the photo folder, e.g. "2026/11/3f2a….jpg"
    thumb: str    # path of its thumbnail, e.g. "2026/11/3f2a….t.jpg"
    width: int
    height: int
    size: int     # bytes of the full photo


def read_upload(stream, max_bytes=MAX_BYTES, name=None):
    """The bytes of an uploaded file, refused when there are more than max_bytes."""
    chunks, size = [], 0
    # A raw stream may return fewer bytes than asked for, so read until the end or one byte past the limit.
    while size <= max_bytes and (chunk := stream.read(max_bytes + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise PhotoRefused(TOO_LARGE, name=name or UNNAMED, megabytes=f"{max_bytes / MEGABYTE:g}")
    return b"".join(chunks)


def reencode(data, name=None):
    """The photo as (photo_jpeg, thumb_jpeg, width, height): upright, at most MAX_SIDE, without metadata."""
    photo = _decode(data, name)
    photo.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = photo.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return _jpeg(photo), _jpeg(thumb), photo.width, photo.height


def store(data, folder, now: datetime, name=None):
    """Re-encode a photo and write it and its thumbnail under folder/YYYY/MM/ with a random name."""
    photo, thumb, width, height = reencode(data, name)
    stem = f"{now:%Y/%m}/{uuid.uuid4().hex}"
    os.makedirs(os.path.join(folder, f"{now:%Y/%m}"), exist_ok=True)
    _write(os.path.join(folder, stem + ".jpg"), photo)
    try:
        _write(os.path.join(folder, stem + ".t.jpg"), thumb)
    except OSError:
        os.remove(os.path.join(folder, stem + ".jpg"))
        raise
    return StoredPhoto(name=stem + ".jpg", thumb=stem + ".t.jpg", width=width, height=height, size=len(photo))


def _decode(data, name):
    """The upright RGB pixels of data, decoded only as finely as MAX_SIDE needs."""
    name = name or UNNAMED
    try:
        with Image.open(BytesIO(data), formats=FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(TOO_MANY_PIXELS, name=name)
            image.draft("RGB", _draft_box(image.size))
            image.load()
            return _rgb(ImageOps.exif_transpose(image))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(TOO_MANY_PIXELS, name=name)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        raise PhotoRefused(UNREADABLE, name=name)


def _draft_box(size):
    """The size, in the stored orientation and aspect, that gives MAX_SIDE on the long side."""
    # Rounded up: JPEG draft shrinks by 1/2, 1/4 or 1/8 only while the result stays at least this box,
    # and never enlarges, so a smaller photo is decoded as it is.
    return tuple(max(1, -(-side * MAX_SIDE // max(size))) for side in size)


def _rgb(image):
    """The image in RGB, transparent parts on white."""
    if image.mode.startswith("I"):
        # 16-bit greys: converted as they are, every value above 255 would turn white.
        return image.convert("I").point(lambda value: value / 256).convert("RGB")
    if image.has_transparency_data:
        white = Image.new("RGBA", image.size, "white")
        return Image.alpha_composite(white, image.convert("RGBA")).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _jpeg(image):
    """The image as JPEG bytes with no metadata."""
    # The source's EXIF (GPS), XMP and comments ride along in .info, and JPEG save reuses the comment.
    image.info.clear()
    out = BytesIO()
    image.save(out, "JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()


def _write(path, data):
    """Write data to path whole or not at all."""
    part = path + ".part"
    try:
        with open(part, "xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(part, path)
    except BaseException:
        if os.path.exists(part):
            os.remove(part)
        raise
