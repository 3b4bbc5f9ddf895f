"""Chinese in place of the English that Streamlit's own widgets print (1.67 has no locale setting for them).

The strings are drawn by Streamlit's frontend, not by our code: the file uploader's "Upload" button,
"25MB per file • DOCX, …", "Drag and drop a file here" while a file is dragged over it and the error tooltip
of a rejected file; a text area's "Press Ctrl+Enter to apply" and a text or number input's "Press Enter to
apply"; a number input's out-of-range tooltip. CSS cannot rewrite text, so each English text is shrunk to
font-size 0 and the Chinese is drawn in its place by ::after. Selectors are the data-testids of Streamlit
1.67; tests/e2e/test_browser_labels.py checks them in the real app, so an upgrade that renames one fails there.

app.py puts it on every page: `st.html(chinese_css.CHINESE_CSS)`.
"""

from __future__ import annotations

import streamlit as st

UPLOAD_BUTTON = "选择文件"
DRAG_ACTIVE = "松开鼠标即可上传"
TEXT_AREA_HINT = "按 Ctrl+Enter 确认"  # Streamlit accepts Ctrl+Enter on macOS too (metaKey or ctrlKey)
TEXT_INPUT_HINT = "按 Enter 确认"
NUMBER_ERROR = "数值超出允许范围，请修改"
DEFAULT_MAX_UPLOAD_MB = 200  # Streamlit's default when server.maxUploadSize is not set


def max_upload_mb() -> int:
    """The upload limit the server enforces (server.maxUploadSize in .streamlit/config.toml), in MB."""
    try:
        return int(st.config.get_option("server.maxUploadSize"))
    except (RuntimeError, TypeError, ValueError):
        return DEFAULT_MAX_UPLOAD_MB


def uploader_hint(limit_mb: int) -> str:
    """What the uploader says beside its button, instead of "25MB per file • DOCX, HTML, TXT, JSON"."""
    return f"也可把文件拖到这里（单个文件不超过 {limit_mb}MB）"


def upload_error(limit_mb: int) -> str:
    """The tooltip of a rejected file, instead of "application/pdf files are not allowed." and the like."""
    return f"无法上传：文件类型不符合要求，或超过 {limit_mb}MB。请删除后重新选择"


def _replace(selector: str, text: str, size: str) -> str:
    """CSS that hides the English text of `selector` and shows `text` instead, at the original size."""
    return (
        f"{selector},{selector} *{{font-size:0 !important}}"
        f'{selector}::after{{content:"{text}";font-size:{size};line-height:1.6}}'
    )


def build_css(limit_mb: int) -> str:
    """The <style> block, with the upload limit the server enforces."""
    dropzone = '[data-testid="stFileUploaderDropzone"]'
    error_tip = '[data-testid="stTooltipErrorContent"]'
    rules = [
        _replace(f"{dropzone} button p", UPLOAD_BUTTON, "0.875rem"),
        _replace('[data-testid="stFileUploaderDropzoneInstructions"] span', uploader_hint(limit_mb), "0.875rem"),
        _replace(f"{dropzone} > input + div > span", DRAG_ACTIVE, "0.875rem"),
        # A rejected file's tooltip is plain text; widgets' validation tooltips (number input) are markdown.
        _replace(f'{error_tip}:not(:has([data-testid="stMarkdownContainer"]))', upload_error(limit_mb), "0.875rem"),
        _replace(f'{error_tip} [data-testid="stMarkdownContainer"] p', NUMBER_ERROR, "0.875rem"),
        _replace('[data-testid="stTextArea"] [data-testid="InputInstructions"] > span:first-child',
                 TEXT_AREA_HINT, "0.75rem"),
        _replace(':is([data-testid="stTextInput"], [data-testid="stNumberInput"]) '
                 '[data-testid="InputInstructions"] > span:first-child', TEXT_INPUT_HINT, "0.75rem"),
    ]
    return "<style>" + "".join(rules) + "</style>"


CHINESE_CSS = build_css(max_upload_mb())
