"""AppTest of 预览与导出's warning about sections not written yet (they show the template placeholder)."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, texts

from drafting.model import SectionVersion, new_report

__all__ = ["_clear_streamlit_caches", "store"]


def _unwritten(at) -> list[str]:
    return [t for t in texts(at.warning) if t.startswith("尚未撰写：")]


def test_new_report_warns_that_every_section_is_still_the_placeholder(store):
    at = new_app(store.create(new_report("甲局", 2023)), "export")
    assert_ok(at)
    [warning] = _unwritten(at)
    assert "“一、总体情况”“五、存在的主要问题及改进情况”“六、其他需要报告的事项”" in warning
    assert "（文字描述）" in warning
    # It comes first, above the copy buttons, downloads and the checklist.
    assert at.main.children[1].value == warning


def test_the_warning_names_only_the_sections_still_empty_and_goes_when_all_are_written(store):
    report = new_report("甲局", 2023)
    report.sections["一"].add(SectionVersion(text="总体情况。", origin="human"))
    report.sections["六"].add(SectionVersion(text="  ", origin="human"))
    at = new_app(store.create(report), "export")
    [warning] = _unwritten(at)
    assert "一、总体情况" not in warning
    assert "“五、存在的主要问题及改进情况”“六、其他需要报告的事项”" in warning
    for sid in ("五", "六"):
        report.sections[sid].add(SectionVersion(text=f"第{sid}部分。", origin="human"))
    at = new_app(store.create(report.model_copy(update={"agency": "乙局"})), "export")
    assert_ok(at)
    assert not _unwritten(at)
