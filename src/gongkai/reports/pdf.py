"""PDF through LibreOffice headless: the exact rendering of the Word file, when LibreOffice is installed.

Each conversion uses a private LibreOffice profile (so it neither collides with a desktop
session nor with a parallel conversion) and a private fontconfig file that maps the official
font names (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体) to the CJK fonts Debian installs, so that
titles come out in a serif (宋体-like) face and headings in a sans (黑体-like) face.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gongkai.reports.errors import ReportError

TIMEOUT_SECONDS = 120
SERIF_FAMILIES = ["Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei"]
SANS_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "Droid Sans Fallback"]
FONT_ALIASES = {
    "方正小标宋简体": SERIF_FAMILIES,
    "宋体": SERIF_FAMILIES,
    "SimSun": SERIF_FAMILIES,
    "仿宋_GB2312": SERIF_FAMILIES,
    "仿宋": SERIF_FAMILIES,
    "FangSong": SERIF_FAMILIES,
    "楷体": SERIF_FAMILIES,
    "楷体_GB2312": SERIF_FAMILIES,
    "KaiTi": SERIF_FAMILIES,
    "黑体": SANS_FAMILIES,
    "SimHei": SANS_FAMILIES,
}


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_file(directory: Path) -> Path:
    """A fonts.conf that includes the system configuration and adds the official-font aliases."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family><prefer>'
        + "".join(f"<family>{family}</family>" for family in families)
        + "</prefer></alias>"
        for name, families in FONT_ALIASES.items()
    )
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n{aliases}\n</fontconfig>\n',
        encoding="utf-8",
    )
    return path


def docx_to_pdf(
    docx_path: Path | str, out_dir: Path | str | None = None, *, timeout: float = TIMEOUT_SECONDS
) -> Path:
    """Convert a .docx to PDF next to it (or into ``out_dir``) and return the PDF's path."""
    source = Path(docx_path)
    if not source.is_file():
        raise ReportError(f"找不到要转换的 Word 文件：{source}")
    soffice = find_soffice()
    if soffice is None:
        raise ReportError(
            "未安装 LibreOffice，无法生成 PDF。请安装 Debian 软件包 libreoffice-writer-nogui"
            "（见 scripts/system-packages.txt），或直接使用生成的 Word 文件。"
        )
    target_dir = Path(out_dir) if out_dir is not None else source.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    pdf = target_dir / (source.stem + ".pdf")
    pdf.unlink(missing_ok=True)  # never mistake a PDF left by an earlier run for this one
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as work:
        work_dir = Path(work)
        env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(work_dir)), HOME=str(work_dir))
        command = [
            soffice,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target_dir),
            str(source),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise ReportError(f"LibreOffice 转换 PDF 超时（超过 {timeout:g} 秒）：{source.name}") from error
    if result.returncode != 0 or not pdf.is_file():
        detail = (result.stderr or result.stdout).strip()[-300:]
        raise ReportError(
            f"LibreOffice 未能把 {source.name} 转换为 PDF（退出码 {result.returncode}）：{detail}"
        )
    return pdf
