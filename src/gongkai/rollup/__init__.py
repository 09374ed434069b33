"""Year and region roll-ups (issue 16 items 7–9): the arithmetic only, no Django.

API::

    from gongkai.rollup import PeriodScore, UnitYear, year_scores, region_block, compare_blocks

    units = year_scores({"教育体育局": [PeriodScore(...), ...]}, rule="mean", decimals=1)
    block = region_block(units, total=Decimal(100))   # bands, excellent_rate, full_marks
    change = compare_blocks(block, previous_block)     # year-on-year differences

``gongkai.rollup.excel.write_workbook`` writes the roll-up JSON as a workbook with Chinese headers.
The Django side (which periods, which units, the registers' rates) is gongkai.assessment.rollup.
"""

from __future__ import annotations

from gongkai.rollup.block import BANDS, EXCELLENT, compare_blocks, region_block
from gongkai.rollup.year import RULES, PeriodScore, UnitYear, year_scores

__all__ = [
    "BANDS",
    "EXCELLENT",
    "RULES",
    "PeriodScore",
    "UnitYear",
    "compare_blocks",
    "region_block",
    "year_scores",
]
