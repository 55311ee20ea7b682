"""Pult's palette and style sheet: one place for colours, radii and spacing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

INK = "#1b2433"
MUTED = "#667085"
LINE = "#e3e7ef"
CANVAS = "#f4f6fa"
SURFACE = "#ffffff"
ACCENT = "#2f6fed"
ACCENT_DARK = "#2459c9"
ACCENT_SOFT = "#e8efff"
NAVY = "#17223b"
NAVY_LIGHT = "#24314f"
DANGER = "#d92d20"
DANGER_SOFT = "#fef3f2"
WARNING = "#dc8a04"
SUCCESS = "#16a34a"

_ICONS = (Path(__file__).resolve().parents[1] / "resources" / "icons").as_posix()
"""The style sheet's arrow images (a frozen bundle carries ``resources`` beside the packages)."""

STATUS_COLORS: dict[str, str] = {  # by app.protocol.status.StatusColor value
    "green": "#22a559",
    "yellow": "#eab308",
    "orange": "#f08a24",
    "red": "#e5484d",
    "pink": "#e55fa0",
    "purple": "#8e5bd8",
    "blue": "#2f6fed",
    "cyan": "#14a8c4",
    "grey": "#98a2b3",
}


def status_color(color: str | None) -> QColor:
    return QColor(STATUS_COLORS.get(color or "", STATUS_COLORS["grey"]))


STYLE_SHEET = f"""
QWidget {{ color: {INK}; font-size: 10pt; }}
QMainWindow, QDialog {{ background: {CANVAS}; }}
QToolTip {{ color: {INK}; background: {SURFACE}; border: 1px solid {LINE}; padding: 4px 6px; }}

#TopBar {{ background: {NAVY}; border: none; }}
#TopBar QLabel {{ color: #e6ebf5; }}
#TopBar #BrandName {{ color: #ffffff; font-size: 13pt; font-weight: 600; }}
#TopBar #CompanyName {{ color: #9aa6bf; }}
#StatusControl {{
    color: #ffffff; background: {NAVY_LIGHT}; border: 1px solid #33426a; border-radius: 8px;
    padding: 5px 12px 5px 10px; font-weight: 600; text-align: left;
}}
#StatusControl:hover {{ background: #2d3b5e; }}
#StatusControl::menu-indicator {{ subcontrol-position: right center; right: 8px; }}

#SectionMenu {{ background: {SURFACE}; border-right: 1px solid {LINE}; }}
#SectionButton {{
    border: none; border-radius: 8px; padding: 8px 10px; text-align: left; color: {INK};
    background: transparent;
}}
#SectionButton:hover {{ background: {CANVAS}; }}
#SectionButton:checked {{ background: {ACCENT_SOFT}; color: {ACCENT_DARK}; font-weight: 600; }}

#Card {{ background: {SURFACE}; border: 1px solid {LINE}; border-radius: 12px; }}
#PanelTitle {{ font-size: 15pt; font-weight: 600; }}
#Muted {{ color: {MUTED}; }}
#FieldLabel {{ color: {MUTED}; font-weight: 600; }}
#FieldError {{ color: {DANGER}; }}
#ErrorBanner {{
    background: {DANGER_SOFT}; color: {DANGER}; border: 1px solid #fecdca; border-radius: 8px;
    padding: 8px 10px;
}}
#InfoBanner {{
    background: #fffaeb; color: #93370d; border: 1px solid #fedf89; border-radius: 8px; padding: 6px 10px;
}}
#Hint {{ color: {MUTED}; font-size: 9pt; }}

QLineEdit, QComboBox {{
    background: {SURFACE}; border: 1px solid #cfd5e1; border-radius: 8px; padding: 7px 9px;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus, QComboBox:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 1px solid {DANGER}; }}
QLineEdit:disabled, QComboBox:disabled {{ background: {CANVAS}; color: {MUTED}; }}
QComboBox::drop-down {{ border: none; width: 22px; }}
QComboBox::down-arrow {{ image: url({_ICONS}/chevron-down.svg); width: 12px; height: 12px; }}
#TopBar QComboBox {{
    color: #ffffff; background: {NAVY_LIGHT}; border: 1px solid #33426a; border-radius: 8px;
    padding: 5px 8px 5px 10px;
}}
#TopBar QComboBox:hover {{ background: #2d3b5e; }}
#TopBar QComboBox::down-arrow {{ image: url({_ICONS}/chevron-down-light.svg); }}
#TopBar QComboBox QAbstractItemView {{
    color: {INK}; background: {SURFACE}; selection-background-color: {ACCENT_SOFT}; selection-color: {INK};
}}

QPushButton {{
    border: 1px solid #cfd5e1; border-radius: 8px; padding: 7px 14px; background: {SURFACE};
}}
QPushButton:hover {{ background: {CANVAS}; }}
#PrimaryButton {{ background: {ACCENT}; border: 1px solid {ACCENT}; color: #ffffff; font-weight: 600; }}
#PrimaryButton:hover {{ background: {ACCENT_DARK}; }}
#PrimaryButton:disabled {{ background: #9db8f5; border-color: #9db8f5; }}

QTreeWidget {{ background: {SURFACE}; border: none; outline: none; }}
QTreeWidget::item {{ padding: 6px 4px; border-bottom: 1px solid #f0f2f6; }}
QTreeWidget::item:selected {{ background: {ACCENT_SOFT}; color: {INK}; }}
QHeaderView::section {{
    background: {SURFACE}; color: {MUTED}; border: none; border-bottom: 1px solid {LINE};
    padding: 6px 4px; font-weight: 600;
}}
QMenu {{ background: {SURFACE}; border: 1px solid {LINE}; padding: 4px; }}
QMenu::item {{ padding: 6px 18px 6px 8px; border-radius: 6px; }}
QMenu::item:selected {{ background: {ACCENT_SOFT}; color: {INK}; }}
QMenu::item:disabled {{ color: {MUTED}; }}
QMenu::separator {{ height: 1px; background: {LINE}; margin: 4px 6px; }}
#TopBarButton {{ border: none; border-radius: 8px; background: transparent; }}
#TopBarButton:hover {{ background: {NAVY_LIGHT}; }}
#TopBarButton:checked {{ background: #33426a; }}
#TopBarButton[alert="true"] {{ background: #5c1f1f; }}
#TopBarButton[alert="red"] {{ background: #5c1f1f; }}
#TopBarButton[alert="yellow"] {{ background: #5c4a1f; }}

QDockWidget {{ font-weight: 600; color: {INK}; }}
QDockWidget::title {{
    background: {SURFACE}; border-bottom: 1px solid {LINE}; padding: 8px 10px; text-align: left;
}}
#PanelBody {{ background: {SURFACE}; }}
#PanelHeading {{ font-size: 11pt; font-weight: 600; }}
#NumberField {{ font-size: 13pt; padding: 8px 10px; }}
#DialKey {{
    background: {CANVAS}; border: 1px solid {LINE}; border-radius: 10px; font-size: 12pt; font-weight: 600;
    padding: 2px;
}}
#DialKey:hover {{ background: {ACCENT_SOFT}; border-color: #c7d6fb; }}
#DialKey:pressed {{ background: #d5e2ff; }}
#DialDigit {{ font-size: 14pt; font-weight: 600; background: transparent; }}
#DialLetters {{ font-size: 7pt; color: {MUTED}; letter-spacing: 1px; background: transparent; }}
#FlatTool {{ border: none; background: transparent; border-radius: 6px; padding: 4px; }}
#FlatTool:hover {{ background: {CANVAS}; }}
#AcceptButton {{ background: {SUCCESS}; border: 1px solid {SUCCESS}; color: #ffffff; font-weight: 600; }}
#AcceptButton:hover {{ background: #12883d; }}
#DangerButton {{ background: {DANGER}; border: 1px solid {DANGER}; color: #ffffff; font-weight: 600; }}
#DangerButton:hover {{ background: #b42318; }}
#CallButton {{ padding: 7px 8px; }}
#CallButton:checked {{ background: {ACCENT_SOFT}; border-color: {ACCENT}; color: {ACCENT_DARK}; }}
#CallCard {{ background: {SURFACE}; border: 1px solid #d0d5dd; border-radius: 12px; }}
#CallCardHeader QLabel {{ color: #ffffff; font-weight: 600; }}
#CallCardTimer {{ font-family: monospace; font-size: 11pt; }}
#CallCardTitle {{ font-size: 16pt; font-weight: 600; }}
#CallRow {{ background: {CANVAS}; border: 1px solid {LINE}; border-radius: 10px; }}
#CallRow[held="true"] {{ background: #fffaeb; border-color: #fedf89; }}
#KpiTile {{ background: {SURFACE}; border: 1px solid {LINE}; border-radius: 10px; }}
#KpiValue {{ font-size: 18pt; font-weight: 700; }}
#KpiValue[level="red"] {{ color: {DANGER}; }}
#KpiValue[level="yellow"] {{ color: {WARNING}; }}
QSlider::groove:horizontal {{ height: 4px; background: {LINE}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {ACCENT}; border-radius: 2px; }}
QSlider::handle:horizontal {{
    background: {SURFACE}; border: 2px solid {ACCENT}; width: 12px; margin: -6px 0; border-radius: 8px;
}}
"""


def apply_theme(app: QApplication, *, set_style: bool = True) -> None:
    """Fusion style (the same on every OS), Pult's palette and style sheet.

    ``set_style=False`` when the application was created with ``-style Fusion`` already: ``setStyle``
    hands a QStyle to Python, and building that wrapper's enums costs the client's first frame ~9 ms.
    """
    if set_style:
        app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(CANVAS))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Text, QColor(INK))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
