"""Where photos live and how a form's file field becomes uploads."""
import os

from flask import current_app


def photo_folder():
    return current_app.config["PHOTO_FOLDER"] or os.path.join(current_app.instance_path, "photos")


def uploaded(field):
    """The files chosen in a file field, as (filename, stream) pairs, empty parts dropped."""
    return [(f.filename, f.stream) for f in (field.data or []) if f and f.filename]
