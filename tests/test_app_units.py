"""Pure helpers of the UI: diff and highlight HTML, clipboard component escaping."""

from __future__ import annotations

from ui.clipboard import copy_buttons_html
from ui.textview import diff_html, highlight_html


def test_diff_marks_deletions_and_insertions_by_character():
    html = diff_html("本年收到申请48件。", "本年收到申请50件。")
    assert "<del" in html and ">48</del>" in html
    assert "<ins" in html and ">50</ins>" in html
    assert diff_html("同", "同") == "同"


def test_diff_escapes_html():
    assert "&lt;b&gt;" in diff_html("", "<b>")


def test_highlight_marks_spans_and_skips_bad_ones():
    text = "新收申请35件，办结30件。"
    html = highlight_html(text, [(4, 7, "无依据"), (5, 6, "重叠"), (50, 60, "越界")])
    assert html.count("<mark") == 1
    assert ">35件</mark>" in html
    assert 'title="无依据"' in html


def test_clipboard_component_embeds_text_script_safely():
    html = copy_buttons_html("</script><script>alert(1)</script>", "<table><tr><td>1</td></tr></table>")
    assert "</script><script>alert(1)" not in html
    assert "\\u003ctable\\u003e" in html
    assert "navigator.clipboard.write" in html
    assert "text/html" in html and "text/plain" in html
