"""One call that writes every output of a circular into a folder, for the CLI and the web app."""

from __future__ import annotations

from pathlib import Path

from gongkai.reports.charts import circular_charts
from gongkai.reports.circular_docx import Chart, render_circular
from gongkai.reports.errors import ReportError
from gongkai.reports.model import Circular
from gongkai.reports.notice import render_notices
from gongkai.reports.pdf import docx_to_pdf
from gongkai.reports.tables import write_csv, write_problems_csv, write_xlsx


def build_outputs(
    circular: Circular,
    out_dir: Path | str,
    *,
    pdf: bool = True,
    charts: bool = True,
    embed_charts: bool = False,
    template: Path | str | None = None,
    notice_template: Path | str | None = None,
) -> dict[str, Path]:
    """Write circular.docx, tables.xlsx, one CSV per table, notices, chart PNGs and circular.pdf.

    Returns name -> path: "circular.docx", "tables.xlsx", "table-1.csv" …, "problems.csv",
    "notice:<unit>", "chart:<name>", "circular.pdf". With ``pdf=True`` a missing LibreOffice
    raises :class:`ReportError` after everything else has been written, so the caller can
    still offer the Word file and say why the PDF is missing.
    """
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    outputs: dict[str, Path] = {}
    embedded: list[Chart] = []
    if charts:
        for name, (caption, png) in circular_charts(circular).items():
            path = directory / f"chart-{name}.png"
            path.write_bytes(png)
            outputs[f"chart:{name}"] = path
            if embed_charts:
                embedded.append(Chart(caption, png))
    outputs["circular.docx"] = render_circular(
        circular, directory / "circular.docx", template=template, charts=embedded
    )
    outputs["tables.xlsx"] = write_xlsx(circular, directory / "tables.xlsx")
    for n, table in enumerate(circular.tables, start=1):
        outputs[f"table-{n}.csv"] = write_csv(table, directory / f"table-{n}.csv")
    if circular.unit_problems:
        outputs["problems.csv"] = write_problems_csv(circular, directory / "problems.csv")
    for unit, path in render_notices(circular, directory / "notices", template=notice_template).items():
        outputs[f"notice:{unit}"] = path
    if pdf:
        try:
            outputs["circular.pdf"] = docx_to_pdf(outputs["circular.docx"])
        except ReportError as error:
            raise ReportError(f"{error}（其余文件已生成在 {directory}）") from error
    return outputs
