"""How long an estate of 5,000 units takes to import from one XLSX: the preview (read, check, compare with the
database) and the confirmation (every row written in one transaction), on a throw-away SQLite database.

The workbook holds 25 buildings of 25 floors with 8 doors each (5,000 units), an owner per unit and a second
owner for one in ten. Ends with `name: value` lines: import_xlsx_kb, import_preview_s, import_commit_s,
import_total_s. Goal: total under 10 s.

    .venv/bin/python scripts/bench_import.py [--units 5000]
"""
import argparse
import io
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
GOAL_S = 10


def workbook(units):
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    floors, doors = 25, 8
    buildings = -(-units // (floors * doors))
    sheet = book.create_sheet("楼栋")
    sheet.append(["楼栋号", "楼栋名称", "片区"])
    for number in range(1, buildings + 1):
        sheet.append([number, f"{number}号楼", f"{(number - 1) // 5 + 1}区"])
    sheet = book.create_sheet("房屋")
    sheet.append(["楼栋号", "房号", "楼层", "建筑面积", "业主姓名", "业主电话", "重要业主", "空置", "备注",
                  "业主2姓名", "业主2电话"])
    for i in range(units):
        building, rest = divmod(i, floors * doors)
        floor, door = divmod(rest, doors)
        second = ("业主乙", f"137{i:08d}") if i % 10 == 0 else ("", "")
        sheet.append([building + 1, f"{floor + 1}{door + 1:02d}", floor + 1, 89.5 + door, f"业主{i}",
                      f"139{i:08d}", "是" if i % 50 == 0 else "否", "否", "", *second])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        from webapp.db import apply_migrations, db, open_database
        db.initialize(open_database(f"sqlite:///{folder}/import.sqlite3", None))
        apply_migrations()
        with db.connection_context():
            from webapp.domain.imports import KINDS, SHEET_NAMES
            from webapp.media.sheets import read_upload
            from webapp.models.estate import new_estate
            from webapp.models.imports import confirm, preview
            from webapp.models.people import Staff
            estate = new_estate("BN", "基准小区")
            admin = Staff.create(username="bench", name="bench", role="admin", password_hash="x")
            data = workbook(args.units)
            started = time.perf_counter()
            made, plan_id = preview(estate, admin, read_upload(data, None, SHEET_NAMES, KINDS), folder)
            previewed = time.perf_counter()
            assert not made["refused"], made["refused"][:3]
            confirm(estate, admin, folder, plan_id)
            committed = time.perf_counter()
            from webapp.models import Owner, Unit
            print(f"{Unit.select().count()} units and {Owner.select().count()} owners imported")
    total = committed - started
    print(f"import_xlsx_kb: {len(data) / 1024:.0f}")
    print(f"import_preview_s: {previewed - started:.2f}")
    print(f"import_commit_s: {committed - previewed:.2f}")
    print(f"import_total_s: {total:.2f}  (goal < {GOAL_S} s: {'met' if total < GOAL_S else 'NOT met'})")


if __name__ == "__main__":
    main()
