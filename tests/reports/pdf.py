"""Reading generated PDFs the way a person would: their text (pdftotext), pages and fonts."""

import subprocess
import tempfile
import unicodedata


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True, check=True
        )
    return unicodedata.normalize("NFC", out.stdout.decode("utf-8"))


def flat(pdf: bytes) -> str:
    """The text with line breaks folded, so a phrase split over two lines is still found."""
    return " ".join(pdf_text(pdf).split())


def pdf_pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, check=True, text=True)
    return int(
        next(line.split()[-1] for line in out.stdout.splitlines() if line.startswith("Pages:"))
    )


def pdf_fonts(pdf: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdffonts", f.name], capture_output=True, check=True, text=True)
    return [
        line.split()[0].split("+", 1)[-1] for line in out.stdout.splitlines()[2:] if line.strip()
    ]
