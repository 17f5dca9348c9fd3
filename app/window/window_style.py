"""The main window's style sheet: primary and danger buttons, cards, badge, captions."""

from __future__ import annotations

from .theme import status_colors


def style_sheet(dark: bool) -> str:
    """The few styled elements: the primary/danger buttons, cards, badge, captions."""
    colors = status_colors(dark)
    card_bg = "#26282c" if dark else "#ffffff"
    card_border = "#3a3d42" if dark else "#e3e5e8"
    sidebar_bg = "#1d1f22" if dark else "#f4f5f7"
    accent = "#3b82f6" if dark else "#2563eb"
    accent_hover = "#2563eb" if dark else "#1d4ed8"
    return f"""
QWidget#sidebar {{ background: {sidebar_bg}; border-right: 1px solid {card_border}; }}
QFrame#card {{ background: {card_bg}; border: 1px solid {card_border}; border-radius: 10px; }}
QLabel#appTitle {{ font-size: 15px; font-weight: 600; }}
QLabel#sectionTitle {{ font-size: 13px; font-weight: 600; }}
QLabel#streamTitle {{ font-size: 20px; font-weight: 600; }}
QLabel#emptyTitle {{ font-size: 22px; font-weight: 600; }}
QLabel#muted, QLabel#metricCaption {{ color: {colors.muted.name()}; }}
QLabel#metricCaption {{ font-size: 10px; font-weight: 600; letter-spacing: 1px;
    padding-top: 2px; /* room for the accents of capitals such as Á, Ý */ }}
QLabel#metricValue {{ font-size: 14px; font-weight: 600; }}
QLabel#fieldLabel {{ color: {colors.muted.name()}; min-width: 90px; }}
QLabel#hint {{ color: {colors.warn.name()}; }}
QLabel#liveBadge {{ background: {colors.live.name()}; color: {colors.on_live.name()};
    font-weight: 700; font-size: 11px; letter-spacing: 1px; border-radius: 4px;
    padding: 2px 8px; }}
QLabel#chip {{ border: 1px solid {card_border}; border-radius: 11px; padding: 2px 10px; }}
QPushButton#primary, QPushButton#createButton {{ background: {accent}; color: white;
    border: none; border-radius: 6px; padding: 7px 16px; font-weight: 600; }}
QPushButton#primary:hover, QPushButton#createButton:hover {{ background: {accent_hover}; }}
QPushButton#primary:focus, QPushButton#createButton:focus {{
    border: 2px solid {"#93c5fd" if dark else "#1e3a8a"}; }}
QPushButton#primary:disabled, QPushButton#createButton:disabled {{
    background: {card_border}; color: {colors.muted.name()}; }}
QPushButton#createButton {{ padding: 10px 16px; font-size: 14px; }}
QPushButton#danger {{ background: {colors.live.name()}; color: white; border: none;
    border-radius: 6px; padding: 7px 16px; font-weight: 600; }}
QPushButton#danger:focus {{ border: 2px solid {"#fecaca" if dark else "#7f1d1d"}; }}
QFrame#rule {{ color: {card_border}; }}
"""


__all__ = ["style_sheet"]
