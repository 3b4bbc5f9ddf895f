"""Copy buttons: a tiny HTML component that puts text/html and text/plain on the clipboard."""

from __future__ import annotations

import html
import json

import streamlit as st

_TEMPLATE = """
<div style="display:flex;gap:8px;font-family:sans-serif">
  <button id="plain" style="{style}">复制纯文本</button>
  <button id="rich" style="{style}">复制（含表格）</button>
  <span id="status" style="align-self:center;color:#146c2e;font-size:14px"></span>
</div>
<script>
const PLAIN = {plain};
const RICH = {rich};
const status = document.getElementById("status");
function done(ok) {{ status.textContent = ok ? "已复制，可粘贴到 Word/WPS" : "复制失败，请改用下载"; }}
function fallback(htmlText, plainText) {{
  const box = document.createElement("div");
  box.contentEditable = "true";
  box.style.position = "fixed"; box.style.left = "-9999px";
  if (htmlText) {{ box.innerHTML = htmlText; }} else {{ box.innerText = plainText; }}
  document.body.appendChild(box);
  const range = document.createRange(); range.selectNodeContents(box);
  const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
  let ok = false; try {{ ok = document.execCommand("copy"); }} catch (e) {{ ok = false; }}
  sel.removeAllRanges(); box.remove(); return ok;
}}
async function copy(htmlText, plainText) {{
  try {{
    const items = {{"text/plain": new Blob([plainText], {{type: "text/plain"}})}};
    if (htmlText) {{ items["text/html"] = new Blob([htmlText], {{type: "text/html"}}); }}
    await navigator.clipboard.write([new ClipboardItem(items)]);
    done(true);
  }} catch (e) {{ done(fallback(htmlText, plainText)); }}
}}
document.getElementById("plain").onclick = () => copy(null, PLAIN);
document.getElementById("rich").onclick = () => copy(RICH, PLAIN);
</script>
"""
_STYLE = "padding:6px 14px;border:1px solid #ccc;border-radius:6px;background:#fff;cursor:pointer;font-size:15px"


def copy_buttons_html(plain: str, rich_html: str) -> str:
    """The component's HTML; texts are embedded as JSON strings (script-safe)."""

    def embed(text: str) -> str:
        return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")

    return _TEMPLATE.format(style=html.escape(_STYLE, quote=True), plain=embed(plain), rich=embed(rich_html))


def copy_buttons(plain: str, rich_html: str) -> None:
    """Show the two copy buttons."""
    st.iframe(copy_buttons_html(plain, rich_html), height=48)
