"""AppTest of 预览与导出: downloads of every format, copy buttons, and the checklist of open findings."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, texts

from drafting.model import SectionVersion, new_report, report_from_json
from drafting.narrative.draft import draft_text, save_draft

__all__ = ["_clear_streamlit_caches", "store"]


def test_downloads_and_copy_buttons_present(store, report_2023):
    for sid in ("一", "五", "六"):
        save_draft(report_2023, sid, draft_text(report_2023, sid))
    rid = store.create(report_2023)
    at = new_app(rid, "export")
    assert_ok(at)
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["下载 .docx", "下载 .md", "下载 .txt", "下载 .json"]
    assert [b.key for b in buttons] == ["dl_docx", "dl_md", "dl_txt", "dl_json"]
    [frame] = at.get("iframe")
    source = str(frame.proto)
    assert "复制纯文本" in source
    assert "ClipboardItem" in source
    assert "text/html" in source
    assert any("定稿检查清单" in t for t in texts(at.subheader))


def test_download_contents(store, report_2023):
    rid = store.create(report_2023)
    at = new_app(rid, "export")
    from ui.page_export import _rendered
    from ui.state import Snapshot

    snap = Snapshot(rid, 1, report_2023)
    assert bytes(_rendered(snap, "docx"))[:2] == b"PK"
    assert report_from_json(str(_rendered(snap, "json"))) == report_2023
    assert "三、收到和处理政府信息公开申请情况" in str(_rendered(snap, "txt"))
    assert_ok(at)


def test_checklist_lists_every_open_finding(store):
    rid = store.create(new_report("甲局", 2023))
    at = new_app(rid, "export")
    assert_ok(at)
    errors = texts(at.error)
    assert sum(t.startswith("[G5") for t in errors) == 3
    assert any("待处理" in t for t in texts(at.markdown))
    assert any(t.startswith("[I12") for t in texts(at.warning))


def test_review_checklist_marks_each_point_and_leads_to_the_page(store, report_2023):
    for sid in ("一", "五", "六"):
        save_draft(report_2023, sid, draft_text(report_2023, sid))
    wrong = report_2023.sections["一"].text.replace("新收政府信息公开申请48件", "新收政府信息公开申请46件")
    report_2023.sections["一"].add(SectionVersion(text=wrong, origin="human"))
    rid = store.create(report_2023)
    at = new_app(rid, "export")
    assert_ok(at)
    rows = [t for t in texts(at.markdown) if "**正文中的数字与表格、工作情况一致**" in t]
    assert len(rows) == 1 and "✗" in rows[0] and "第一部分 1 处" in rows[0]
    assert any("**第六部分写明信息处理费的收取情况**" in t and "✓" in t for t in texts(at.markdown))
    go_draft = [b for b in at.button if b.label == "去起草"]
    assert go_draft, [b.label for b in at.button]
    go_draft[0].click().run()
    assert_ok(at)
    assert at.session_state["nav"] == "draft"
