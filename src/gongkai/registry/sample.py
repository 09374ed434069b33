"""The sample county of the demonstration: the units named in seeds 000 (偃师) and 002 (商南).

Sites are registered with the counties' portal domains and a path per unit; site ID codes are
format-valid codes built from each county's division code (the real codes are not in the seeds).
"""

from __future__ import annotations

from django.db import transaction

from gongkai.registry.models import Region, Site, Unit, UnitCategory

# seed 000, attachments 1 and 2, in the seed's order
YANSHI_DEPARTMENTS = (
    "教育体育局 公安局 交通运输局 人力资源社会保障局 民政局 市场监督管理局 自然资源和规划局 生态环境局 "
    "财政局 商务局 科学技术局 医疗保障局 审计局 应急管理局 农业农村局 行政服务中心 文化广电和旅游局 "
    "信访局 水利局 发展和改革委员会 住房和城乡建设局 文物局 司法局 林业局 工业和信息化局 卫生健康委员会 "
    "退役军人事务局 统计局 社保中心 金融工作局 城市管理局"
).split()
YANSHI_TOWNS = "商城街道 首阳山街道 槐新街道 大口镇 缑氏镇 高龙镇 顾县镇 府店镇 岳滩镇 伊洛街道 山化镇 翟镇镇 邙岭镇".split()

# seed 002, attachments 1 and 2, in the seed's order
SHANGNAN_TOWNS = "过风楼镇 赵川镇 清油河镇 湘河镇 十里坪镇 富水镇 金丝峡镇 青山镇 城关街道办 试马镇".split()
SHANGNAN_DEPARTMENTS = (
    "县融媒体中心 县文旅局 县司法局 金丝峡景区管理委员会 县科教体局 县人社局 县卫健局 县公路段 县招商服务中心 "
    "县农业农村局 县农商行 县超限站 县环境局 县公安局 县审计局 县统计局 县机关事务服务中心 县消防大队 县审批局 "
    "阳城驿景区管委会 茶产业发展中心 县气象局 县市场局 县粮食局 县资源局 县扶贫局 县林业局 县养老保险经办中心 "
    "县民政局 交警大队 县城管局 县电力分公司 县财政局 县经贸局 县房产管理中心 县水利局 县发改局 县税务局 "
    "县供销联社 县退役军人局 县医保局 县信访局 县域工业集中区管委会 县住建局 县移民办 县交通局 县应急局 "
    "县畜牧中心 县住房公积金管理中心 县邮政局 县盐务局 县烟草局"
).split()

COUNTY_DEPARTMENTS = "县直部门"  # a category a supervisor adds: county departments of 商南


@transaction.atomic
def load_sample_county() -> dict[str, Region]:
    """Register both sample counties (idempotent). Returns the regions by short name."""
    dept = UnitCategory.objects.get(name="市直部门")
    town = UnitCategory.objects.get(name="镇街")
    county_dept, _ = UnitCategory.objects.get_or_create(name=COUNTY_DEPARTMENTS, defaults={"order": 35})

    henan, _ = Region.objects.get_or_create(
        name="河南省", parent=None, defaults={"level": "province", "code": "410000"}
    )
    luoyang, _ = Region.objects.get_or_create(
        name="洛阳市", parent=henan, defaults={"level": "city", "code": "410300"}
    )
    yanshi, _ = Region.objects.get_or_create(
        name="偃师市", parent=luoyang, defaults={"level": "county", "code": "410381"}
    )
    shaanxi, _ = Region.objects.get_or_create(
        name="陕西省", parent=None, defaults={"level": "province", "code": "610000"}
    )
    shangluo, _ = Region.objects.get_or_create(
        name="商洛市", parent=shaanxi, defaults={"level": "city", "code": "611000"}
    )
    shangnan, _ = Region.objects.get_or_create(
        name="商南县", parent=shangluo, defaults={"level": "county", "code": "611023"}
    )

    plan = [
        (yanshi, "yanshi.gov.cn", "偃师市", [(dept, YANSHI_DEPARTMENTS), (town, YANSHI_TOWNS)]),
        (
            shangnan,
            "shangnan.gov.cn",
            "商南县",
            [(town, SHANGNAN_TOWNS), (county_dept, SHANGNAN_DEPARTMENTS)],
        ),
    ]
    for region, domain, prefix, groups in plan:
        _load_units(region, domain, prefix, groups, town)
    return {"偃师市": yanshi, "商南县": shangnan}


def _load_units(region: Region, domain: str, prefix: str, groups, town: UnitCategory) -> None:
    """The region's units and their sites, the missing ones created in bulk (a few queries, not
    four per row: the sample county is loaded by most tests)."""
    units = {unit.name: unit for unit in Unit.objects.filter(region=region)}
    new_units = []
    number = 0
    for category, names in groups:
        for order, name in enumerate(names, start=1):
            if name not in units:
                units[name] = Unit(region=region, name=name, category=category, order=order)
                new_units.append(units[name])
    Unit.objects.bulk_create(new_units)
    if any(unit.pk is None for unit in new_units):  # a backend that does not return ids
        units = {unit.name: unit for unit in Unit.objects.filter(region=region)}
    have = set(Site.objects.filter(unit__region=region).values_list("unit_id", "url"))
    new_sites = []
    for category, names in groups:
        for name in names:
            number += 1
            unit = units[name]
            url = f"http://www.{domain}/u{number:03d}/"
            if (unit.pk, url) in have:
                continue
            display = name if name.startswith(("县", "市")) or category == town else f"{prefix}{name}"
            new_sites.append(
                Site(unit=unit, url=url, name=display, site_id_code=f"{region.code}{number:04d}")
            )
    Site.objects.bulk_create(new_sites)
