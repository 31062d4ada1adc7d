"""Serving a ticket's photos to those who may see the ticket."""
from flask import Blueprint, abort, send_from_directory

from ..web.auth import role_required, visible_ticket
from ..models import Photo
from ..web.uploads import photo_folder

bp = Blueprint("photos", __name__, url_prefix="/photos")


@bp.get("/<int:photo_id>")
@role_required()
def full(photo_id):
    return _send(photo_id, thumb=False)


@bp.get("/<int:photo_id>/thumb")
@role_required()
def thumb(photo_id):
    return _send(photo_id, thumb=True)


def _send(photo_id, thumb):
    photo = Photo.get_or_none(Photo.id == photo_id) or abort(404)
    visible_ticket(photo.ticket.number)
    response = send_from_directory(photo_folder(), photo.thumb if thumb else photo.name, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
