"""The in-app scanner for staff: read any sticker with the phone's camera and land on its place's staff page."""
from flask import Blueprint, render_template

from ..web.auth import role_required

bp = Blueprint("scanner", __name__)


@bp.get("/scan")
@role_required()
def show():
    return render_template("scan/scanner.html")
