"""A small 1 July 2025 reform, as the loader writes it, for tests of recording across it.

Before: Tỉnh Quảng Nam (49) > Huyện Tây Giang (504) > Xã A Xan (20443), Xã Ch'ơm (20446),
Xã Ga Ri (20437). From 01/07/2025: Thành phố Đà Nẵng (48) > Xã Hùng Sơn, which took A Xan and
Ch'ơm and **reuses the code 20443**, and Xã Tây Giang (20450), which took Ga Ri. The district went
to both new communes (two of its communes to Hùng Sơn).
"""

import datetime
from types import SimpleNamespace

from partnerships import geography
from partnerships.models import AdministrativeUnit, UnitSuccession

Level = AdministrativeUnit.Level
LAST_OLD_DAY = datetime.date(2025, 6, 30)
REFORM_DAY = datetime.date(2025, 7, 1)


def build_reform() -> SimpleNamespace:
    def unit(code, name, level, parent=None, new=False, **flags):
        return AdministrativeUnit.objects.create(
            code=code, name=name, level=level, parent=parent,
            valid_from=REFORM_DAY if new else None, valid_to=None if new else LAST_OLD_DAY, **flags)

    old_province = unit("49", "Tỉnh Quảng Nam", Level.PROVINCE)
    district = unit("504", "Huyện Tây Giang", Level.DISTRICT, old_province, is_mountainous=True, is_border=True)
    a_xan = unit("20443", "Xã A Xan", Level.COMMUNE, district, is_mountainous=True)
    chom = unit("20446", "Xã Ch'ơm", Level.COMMUNE, district, is_mountainous=True)
    ga_ri = unit("20437", "Xã Ga Ri", Level.COMMUNE, district, is_mountainous=True)
    city = unit("48", "Thành phố Đà Nẵng", Level.PROVINCE, new=True)
    hung_son = unit("20443", "Xã Hùng Sơn", Level.COMMUNE, city, new=True, is_mountainous=True)
    tay_giang = unit("20450", "Xã Tây Giang", Level.COMMUNE, city, new=True, is_mountainous=True)
    for old, new, main in [(a_xan, hung_son, True), (chom, hung_son, True), (ga_ri, tay_giang, True),
                           (district, hung_son, False), (district, tay_giang, False), (old_province, city, True)]:
        UnitSuccession.objects.create(predecessor=old, successor=new, effective_on=REFORM_DAY, is_main=main)
    geography.link_units_forward()  # as the loader does: each old unit's unit of today
    for unit in (a_xan, chom, ga_ri, district, old_province):
        unit.refresh_from_db()
    return SimpleNamespace(old_province=old_province, district=district, a_xan=a_xan, chom=chom, ga_ri=ga_ri,
                           city=city, hung_son=hung_son, tay_giang=tay_giang)
