"""Where photos live and how a form's file field becomes uploads."""
import os

from flask import current_app


def photo_folder():
    return current_app.config["PHOTO_FOLDER"] or os.path.join(current_app.instance_path, "photos")


def uploaded(field):
    """The files chosen in a file field, as (filename, stream) pairs, empty parts dropped."""
    return [(f.filename, f.stream) for f in (field.data or []) if f and f.filename]


def saved_photos(field):
    """Re-encode and store the photos chosen in a file field; PhotoRefused names one that was refused."""
    from .. import clock
    from ..models.photo import save_uploads
    return save_uploads(uploaded(field), photo_folder(), clock.utcnow())
