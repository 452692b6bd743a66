"""PDF pages through pdfplumber: each page rendered to pixels, its text layer kept when present.

A scanned PDF has no text layer, so OCR reads the rendered image; a generated PDF has one, and
its lines (with boxes in rendered-pixel coordinates) are kept so the pipeline can prefer them.
"""

from __future__ import annotations

import io
import logging

import pdfplumber

from extractors.models import BBox, FileProblem, OcrLine, PageImage, PageRef
from extractors.settings import Settings
from extractors.source import SourceFile, to_bgr, too_many_pages, unreadable

log = logging.getLogger(__name__)


def load_pdf_pages(source: SourceFile, settings: Settings) -> tuple[list[PageImage], list[FileProblem]]:
    """Render every page (up to the limit) of a PDF; encrypted or broken PDFs become problems."""
    try:
        pdf = pdfplumber.open(io.BytesIO(source.data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
        name = type(exc).__name__
        # pdfplumber wraps pdfminer's PDFPasswordIncorrect / PDFEncryptionError in PdfminerException.
        causes = [exc, exc.__cause__, *exc.args]
        if any("Password" in type(c).__name__ or "Encrypt" in type(c).__name__ for c in causes if c is not None):
            return [], [
                FileProblem(
                    file=source.name,
                    code="UNREADABLE_FILE",
                    reason="encrypted PDF",
                    message_zh=f"文件“{source.name}”是加密的 PDF，无法打开：请去除密码后重新上传。",
                )
            ]
        return [], [unreadable(source.name, f"PDF cannot be opened: {name}")]
    pages: list[PageImage] = []
    problems: list[FileProblem] = []
    with pdf:
        total = len(pdf.pages)
        if total == 0:
            return [], [unreadable(source.name, "PDF has no pages")]
        if total > settings.max_pdf_pages:
            problems.append(too_many_pages(source.name, settings.max_pdf_pages))
        for index, page in enumerate(pdf.pages[: settings.max_pdf_pages], start=1):
            try:
                pages.append(_render(source, index, page, settings))
            except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
                problems.append(
                    unreadable(f"{source.name}#{index}", f"PDF page cannot be rendered: {type(exc).__name__}")
                )
    return pages, problems


def _render(source: SourceFile, index: int, page: pdfplumber.page.Page, settings: Settings) -> PageImage:
    dpi = settings.pdf_render_dpi
    # Huge page boxes are a decompression bomb of their own: cap the rendered pixel count.
    points = float(page.width) * float(page.height)
    max_dpi = (settings.max_image_pixels / max(points, 1.0)) ** 0.5 * 72
    dpi = int(min(dpi, max_dpi))
    rendered = page.to_image(resolution=dpi).original
    scale = dpi / 72.0
    lines = []
    for line in page.extract_text_lines(return_chars=False):
        text = str(line.get("text", "")).strip()
        if not text:
            continue
        box = BBox(
            x0=int(line["x0"] * scale),
            y0=int(line["top"] * scale),
            x1=int(line["x1"] * scale),
            y1=int(line["bottom"] * scale),
        )
        lines.append(OcrLine(text=text, confidence=1.0, bbox=box))
    return PageImage(
        ref=PageRef(file=source.name, page=index, section=source.section),
        image=to_bgr(rendered),
        content_hash=f"{source.sha256}:{index}",
        dpi=float(dpi),
        text_layer=tuple(lines),
    )
