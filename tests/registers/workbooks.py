"""Register workbooks written with openpyxl, as a user's Excel would save them."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook

HEADER = [
    "编号",
    "单位",
    "申请人类型",
    "收到日期",
    "补正告知日期",
    "补正收到日期",
    "征求意见开始",
    "征求意见结束",
    "延期",
    "答复日期",
    "办理结果",
    "收费金额",
]


def workbook(rows: list[list], *, sheet: str = "申请", header: list[str] = HEADER) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    # an Excel date cell, and ISO text
    [
        "2025-001",
        "教育体育局",
        "自然人",
        datetime(2025, 3, 3),
        None,
        None,
        None,
        None,
        "否",
        "2025-03-20",
        "予以公开",
        None,
    ],
    [
        "2025-002",
        "教育体育局",
        "商业企业",
        "2025-03-05",
        "2025-03-06",
        "2025-03-12",
        "2025-03-13",
        "2025-03-20",
        "是",
        None,
        None,
        100,
    ],
    [
        "2025-001",
        "公安局",
        "法律服务机构",
        "2025-04-01",
        None,
        None,
        None,
        None,
        "否",
        "2025-04-10",
        "不予公开-属于国家秘密",
        None,
    ],
]
