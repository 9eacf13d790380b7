"""What every printed document shares (fpdf2): an A4 page in DejaVu Sans (so
accents and most scripts print; user text is written as plain text, never as
markup), the company header, labelled fields and boxed blocks, page numbers.

The font comes from the npm package dejavu-fonts-ttf fetched at setup, or from
Debian's fonts-dejavu-core.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

from crm_app.core.settings import PROJECT_DIR, get_settings

FONT_DIRS = (
    PROJECT_DIR / "tools" / "node_modules" / "dejavu-fonts-ttf" / "ttf",
    Path("/usr/share/fonts/truetype/dejavu"),
)
MARGIN = 18
LABEL_WIDTH = 52


def font_file(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"{name} introuvable : lancez scripts/setup.sh")


def company_lines() -> list[str]:
    """The business printing the document, from its configuration."""
    settings = get_settings()
    details = [settings.company_address, settings.company_contact]
    return [settings.company_name or "CRM Terrain", *[d for d in details if d]]


class Document(FPDF):
    """An A4 document with the company header and French helpers."""

    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.set_title(title)
        self.set_author(company_lines()[0])
        self.add_font("DejaVu", "", str(font_file("DejaVuSans.ttf")))
        self.add_font("DejaVu", "B", str(font_file("DejaVuSans-Bold.ttf")))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=20)

    @property
    def width(self) -> float:
        return self.w - 2 * MARGIN

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", size=8)
        self.set_text_color(120)
        self.cell(0, 6, f"Page {self.page_no()}/{{nb}}", align="C")

    def company_header(self) -> None:
        lines = company_lines()
        self.set_font("DejaVu", "B", 14)
        self.multi_cell(self.width, 7, lines[0], new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=9)
        for line in lines[1:]:
            self.multi_cell(self.width, 5, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def title_block(self, title: str, subtitle: str) -> None:
        self.set_font("DejaVu", "B", 16)
        self.multi_cell(self.width, 9, title, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=9)
        self.set_text_color(90)
        self.multi_cell(self.width, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.ln(3)

    def field(self, label: str, value: str) -> None:
        self.set_font("DejaVu", "B", 10)
        self.cell(LABEL_WIDTH, 6, label)
        self.set_font("DejaVu", size=10)
        self.multi_cell(self.width - LABEL_WIDTH, 6, value or "—", new_x="LMARGIN", new_y="NEXT")

    def heading(self, title: str) -> None:
        self.ln(2)
        self.set_font("DejaVu", "B", 11)
        self.multi_cell(self.width, 7, title, new_x="LMARGIN", new_y="NEXT")

    def block(self, title: str, text: str) -> None:
        self.heading(title)
        self.set_font("DejaVu", size=10)
        self.multi_cell(
            self.width, 5.5, text or "—", border=1, padding=2, new_x="LMARGIN", new_y="NEXT"
        )

    def paragraph(self, text: str, size: float = 10) -> None:
        self.set_font("DejaVu", size=size)
        self.multi_cell(self.width, 5.5, text, new_x="LMARGIN", new_y="NEXT")

    def signatures(
        self, left: str, right: str, *, left_image: bytes | None = None, left_caption: str = ""
    ) -> None:
        """Two signature boxes; ``left_image`` (a PNG) is drawn in the left one."""
        self.ln(6)
        if self.will_page_break(46):
            self.add_page()
        half = (self.width - 10) / 2
        top = self.get_y()
        self.set_font("DejaVu", "B", 10)
        self.cell(half, 6, left)
        self.set_x(MARGIN + half + 10)
        self.cell(half, 6, right, new_x="LMARGIN", new_y="NEXT")
        self.rect(MARGIN, top + 7, half, 30)
        self.rect(MARGIN + half + 10, top + 7, half, 30)
        if left_image:
            self.image(
                io.BytesIO(left_image), x=MARGIN + 2, y=top + 8, w=half - 4, h=28,
                keep_aspect_ratio=True,
            )
        if left_caption:
            self.set_xy(MARGIN, top + 38)
            self.set_font("DejaVu", size=8)
            self.cell(half, 5, left_caption)
        self.set_y(top + 46)

    def photos(self, title: str, images: list[bytes]) -> None:
        """JPEGs two per row, each at most 80 × 60 mm."""
        if not images:
            return
        self.heading(title)
        half = (self.width - 10) / 2
        for index, data in enumerate(images):
            column = index % 2
            if column == 0:
                if self.will_page_break(64):
                    self.add_page()
                top = self.get_y()
            x = MARGIN + column * (half + 10)
            self.image(io.BytesIO(data), x=x, y=top, w=half, h=60, keep_aspect_ratio=True)
            if column == 1 or index == len(images) - 1:
                self.set_y(top + 64)
