"""Generated files read back: a document's text (python-docx), and the files converted by
LibreOffice, as the reader's office suite opens them.

A test that needs LibreOffice (and pdftotext to read the result) calls `require()` first: it is
skipped where they are not installed, and fails instead under REQUIRE_BROWSER=1 (CI, where a
skipped check would hide a broken document).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def require(*, pdftotext: bool = True) -> None:
    missing = not SOFFICE or (pdftotext and not shutil.which("pdftotext"))
    if missing:
        what = "LibreOffice (soffice) or pdftotext" if pdftotext else "LibreOffice (soffice)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {what} is not installed")
        pytest.skip(f"{what} is not installed")


def to_pdf(source: Path, outdir: Path, *, profile: Path, env=None, check=True) -> subprocess.CompletedProcess:
    """Convert `source` into `outdir` with its own LibreOffice profile (runs do not share one)."""
    return subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(outdir), str(source)],
        check=check, capture_output=True, text=True, timeout=180, env=env,
    )


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def docx_text(document) -> str:
    """All the text of a python-docx Document: its paragraphs, then its tables' cells."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)
