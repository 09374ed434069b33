"""Shared data for the reports tests: seed 000 transcribed independently of gongkai.reports.sample,
seed 002's second table, and one rendering of the sample circular per session."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from gongkai.reports import ProblemKind, UnitProblem
from gongkai.reports.sample import seed000_circular

# Seed 000 附件1 and 附件2 as printed: unit, 公共服务, 交流互动, 网站建设及安全, 政务信息公开, 总分.
SEED000_CITY = [
    ("教育体育局", "4", "2", "13", "32", "51"), ("公安局", "4", "2", "13", "28", "47"),
    ("交通运输局", "4", "2", "13", "13", "32"), ("人力资源社会保障局", "4", "2", "13", "12", "31"),
    ("民政局", "4", "2", "13", "12", "31"), ("市场监督管理局", "4", "2", "13", "11", "30"),
    ("自然资源和规划局", "4", "2", "13", "10", "29"), ("生态环境局", "4", "2", "13", "10", "29"),
    ("财政局", "4", "2", "13", "10", "29"), ("商务局", "4", "2", "13", "8", "27"),
    ("科学技术局", "4", "2", "13", "8", "27"), ("医疗保障局", "4", "2", "13", "7", "26"),
    ("审计局", "4", "2", "13", "7", "26"), ("应急管理局", "4", "2", "13", "6", "25"),
    ("农业农村局", "4", "2", "13", "6", "25"), ("行政服务中心", "4", "2", "13", "5", "24"),
    ("文化广电和旅游局", "4", "2", "13", "4", "23"), ("信访局", "4", "2", "13", "3", "22"),
    ("水利局", "4", "2", "13", "3", "22"), ("发展和改革委员会", "4", "2", "13", "3", "22"),
    ("住房和城乡建设局", "4", "2", "13", "2", "21"), ("文物局", "4", "2", "13", "2", "21"),
    ("司法局", "4", "2", "13", "2", "21"), ("林业局", "4", "2", "13", "2", "21"),
    ("工业和信息化局", "4", "2", "13", "1.5", "20.5"), ("卫生健康委员会", "4", "2", "13", "1", "20"),
    ("退役军人事务局", "4", "2", "13", "1", "20"), ("统计局", "4", "2", "13", "0", "19"),
    ("社保中心", "4", "2", "13", "0", "19"), ("金融工作局", "4", "2", "13", "0", "19"),
    ("城市管理局", "4", "2", "13", "0", "19"),
]  # fmt: skip
SEED000_TOWNS = [
    ("商城街道", "4", "2", "13", "20", "39"), ("首阳山街道", "4", "2", "13", "16", "35"),
    ("槐新街道", "4", "2", "13", "15", "34"), ("大口镇", "4", "2", "13", "13", "32"),
    ("缑氏镇", "4", "2", "13", "11", "30"), ("高龙镇", "4", "2", "13", "8", "27"),
    ("顾县镇", "4", "2", "13", "7", "26"), ("府店镇", "4", "2", "13", "6", "25"),
    ("岳滩镇", "4", "2", "13", "5", "24"), ("伊洛街道", "4", "2", "13", "5", "24"),
    ("山化镇", "4", "2", "13", "5", "24"), ("翟镇镇", "4", "2", "13", "3", "22"),
    ("邙岭镇", "4", "2", "13", "0", "19"),
]  # fmt: skip
SEED000_COLUMNS = [
    "单位名称",
    "公共服务得分",
    "交流互动得分",
    "网站建设及安全得分",
    "政务信息公开得分",
    "总分",
]

DEADLINE = date(2021, 3, 31)
NOTE = "注：总分＝公共服务得分＋交流互动得分＋网站建设及安全得分＋政务信息公开得分。"


def full_circular():
    """Seed 000 with everything the engine can show: notes, problems, URLs, previous period."""
    circular = seed000_circular(DEADLINE)
    circular.tables[0].notes = [NOTE]
    circular.problems = [
        ProblemKind(
            "栏目更新不及时", 12, "部分单位未按更新周期更新栏目。", ["统计局“统计数据”栏目2个月未更新"]
        ),
        ProblemKind("错别字", 3),
    ]
    circular.unit_problems.append(
        UnitProblem(
            "统计局", "“统计数据”栏目2个月未更新", "http://www.ys.gov.cn/tjj/tjsj/", date(2021, 3, 25)
        )
    )
    circular.disclosure_note = "此件公开发布"
    return circular


def require_soffice() -> str:
    """LibreOffice must be there: in CI (CI set) and locally; the PDF tests never skip."""
    soffice = shutil.which("soffice")
    if soffice is None:
        where = "CI 环境" if os.environ.get("CI") else "本机"
        pytest.fail(
            f"{where}未安装 LibreOffice（soffice），请按 scripts/system-packages.txt 安装后再运行 PDF 测试"
        )
    return soffice


@pytest.fixture(scope="session")
def sample_outputs(tmp_path_factory) -> dict[str, Path]:
    """build_outputs once per session, PDF included (LibreOffice takes a few seconds)."""
    require_soffice()
    from gongkai.reports import build_outputs

    return build_outputs(full_circular(), tmp_path_factory.mktemp("sample"), embed_charts=True)
