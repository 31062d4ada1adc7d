"""Setting an estate up from the spreadsheets the center already has: upload, preview, confirm; templates."""
import os

from flask import Blueprint, Response, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import HiddenField, SelectField
from wtforms.validators import Length

from ..domain import N_, Refused
from ..domain.import_plan import counts
from ..domain.imports import BUILDINGS, COLUMNS, EXAMPLES, KINDS, SHEET_NAMES, STAFF, UNITS
from ..media.sheets import MAX_BYTES, read_upload, write_xlsx
from ..domain.vocabulary import ADMIN, CENTER_HEAD
from ..models.imports import confirm as confirm_import, preview
from ..web.auth import role_required
from ..web.exports import attachment, download, safe_cell
from ..web.i18n import explain
from ..web.parsing import Form

bp = Blueprint("imports", __name__, url_prefix="/imports")

KIND_NAMES = {BUILDINGS: _l("Buildings"), UNITS: _l("Units and owners"), STAFF: _l("Staff")}
SHEET_TITLES = {BUILDINGS: "楼栋", UNITS: "房屋", STAFF: "员工"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(Form):
    sheet = FileField(_l("Spreadsheet (.xlsx or .csv)"))
    kind = SelectField(_l("What a CSV file (or a workbook of one sheet) holds"), default=UNITS,
                       choices=[(kind, KIND_NAMES[kind]) for kind in KINDS])


class ConfirmForm(Form):
    plan = HiddenField(validators=[Length(max=64)])


@bp.route("/", methods=["GET", "POST"])
@role_required(ADMIN, CENTER_HEAD)
def new():
    form = UploadForm()
    if request.method == "GET":
        return render_template("imports/new.html", form=form)
    try:
        if not form.validate():
            raise Refused(form.refusal())
        made, plan_id = preview(g.estate, current_user, read_upload(_upload(form.sheet.data), form.kind.data,
                                                                    SHEET_NAMES, KINDS), _folder())
    except Refused as refused:
        return render_template("imports/new.html", form=form, problem=explain(refused)), 422
    return render_template("imports/preview.html", plan=made, counts=counts(made), form=ConfirmForm(plan=plan_id))


@bp.post("/confirm")
@role_required(ADMIN, CENTER_HEAD)
def confirm():
    form = ConfirmForm()
    try:
        made, passwords = confirm_import(g.estate, current_user, _folder(), form.plan.data if form.validate() else "")
    except Refused as refused:
        return render_template("imports/new.html", form=UploadForm(formdata=None),
                               problem=explain(refused)), 422
    page = render_template("imports/done.html", plan=made, counts=counts(made), passwords=passwords)
    return page, 200, {"Cache-Control": "no-store"}  # the temporary passwords are shown once


@bp.get("/template")
@role_required(ADMIN, CENTER_HEAD)
def template():
    kind = request.args.get("kind")
    if kind in KINDS:
        return download(f"import-{kind}", _header(kind), [EXAMPLES[kind]])
    body = write_xlsx({SHEET_TITLES[k]: [[safe_cell(c) for c in row] for row in (_header(k), EXAMPLES[k])]
                       for k in KINDS})
    return Response(body, content_type=XLSX, headers={"Content-Disposition": attachment("import-template.xlsx")})


def _header(kind):
    return [titles[0] for titles in COLUMNS[kind].values()]


def _upload(part):
    if not isinstance(part, FileStorage) or not part.filename:
        raise Refused(N_("Choose the spreadsheet to upload."))
    return part.stream.read(MAX_BYTES + 1)


def _folder():
    return current_app.config.get("IMPORT_FOLDER") or os.path.join(current_app.instance_path, "imports")
