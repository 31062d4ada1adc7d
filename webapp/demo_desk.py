"""The demo's patrol routes and the front desk's registers: incidents, stored items, the desk's own sticker and
visitors (webapp/demo.py calls these after the estates, staff and roster exist)."""
from datetime import timedelta

from . import clock
from .models import Unit
from .models.place import create_place
from .models.routes import add_stop, create_route, save_plan_by


def registers(estate, staff):
    """What the desk's registers hold on a normal morning."""
    _incidents(estate, staff)
    _storage_and_desk(estate, staff)
    _visitors(estate, staff)


# Patrol routes: name, order, checkpoints with the walk from the one before (minutes), plan (first, last, every).
PATROL = (("夜间安防巡逻", "strict", (("东门岗亭", 0), ("1号楼大堂", 3), ("1号楼消防通道", 2), ("地下车库B1入口", 4),
                                   ("地下车库B2巡查点", 3), ("水泵房外", 2), ("配电室外", 3), ("2号楼大堂", 4),
                                   ("中心花园", 3), ("西门岗亭", 2)), ("20:00", "06:00", 120)),
          ("白班客户A岗巡查", "free", (("大堂前台", 0), ("会议室走廊", 2), ("1号楼电梯厅巡查点", 3),
                                      ("2号楼电梯厅巡查点", 4)), ("09:00", "15:00", 360)))


def patrol(estate, staff):
    """The security team's two routes of checkpoints and their plans; the clock makes the rounds."""
    head = staff["head"].id
    for name, sequence, stops, (first, last, every) in PATROL:
        route = create_route(head, estate, name, sequence)
        for place_name, walk in stops:
            add_stop(head, route, create_place(estate, name=place_name, kind="checkpoint", team="security"), walk)
        save_plan_by(head, estate, dict(route=route, team="security", first=first, last=last, every=every))


def _incidents(estate, staff):
    """Three incidents: a class A one written up and kept as a typical case, a B one late, a C one of today."""
    from .models.incidents import mark_typical, open_incident, write_record
    now = clock.utcnow()
    kept = open_incident(estate, staff["desk1"], "A", now - timedelta(days=9), "服务中心大堂", "业主因漏水赔偿到访投诉，情绪激动",
                         who="业主1人")
    write_record(kept.id, staff["cshead"], "主任助理接待至洽谈室，园区主任到场答复", "业主同意次日上门复查", "赔偿答复限时三个工作日")
    mark_typical(kept.id, staff["cshead"])
    open_incident(estate, staff["desk2"], "B", now - timedelta(days=12), "前台", "被辞退保洁员到前台要求结算工资")
    open_incident(estate, staff["desk1"], "C", now - timedelta(hours=1), "会议室A", "市场监管局人员未经预约到访检查")


def _storage_and_desk(estate, staff):
    """The front desk's own sticker (its opening and closing checks) and two stored items, one left 35 days."""
    from .models.storage import deposit
    create_place(estate, name="大堂前台", kind="front_desk", building=None, floor=1)
    deposit(estate, staff["desk1"], description="黑色雨伞", count=1, depositor_name="王先生",
            depositor_phone="13912345678", collectors=["王太太"])
    with clock.frozen_at(clock.utcnow() - timedelta(days=35)):
        deposit(estate, staff["desk1"], description="快递纸箱", count=2, depositor_name="赵女士")


def _visitors(estate, staff):
    """Two visitors in, one waiting past the desk's 3 minutes, and a name on the block list."""
    from .models.visitors import arrive, block, sign_in
    block(estate, staff["cshead"], "赵某", "13600000000", "多次在前台无理取闹")
    sign_in(estate, staff["desk1"], name="王小明", phone="13912345678", unit=Unit.find(estate, "1-101"),
            purpose="探亲访友", companions=1, plate="粤B12345")
    sign_in(estate, staff["desk2"], name="李师傅", phone="13700001111", host="物业工程部", purpose="送货")
    with clock.frozen_at(clock.utcnow() - timedelta(minutes=5)):
        arrive(estate, staff["desk1"], purpose="咨询停车月卡")
