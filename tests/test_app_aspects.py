"""AppTest of section 一 by aspect on 起草 (issue 11 item 8): redraft one paragraph, lock one against a redraft."""

from __future__ import annotations

from test_app_support import _clear_streamlit_caches, assert_ok, new_app, store, stored
from test_aspects import TEXT

from drafting.model import Aspect, SectionVersion
from drafting.narrative.aspects import paragraph

__all__ = ["_clear_streamlit_caches", "store"]


def _open(store, report_2023):
    report_2023.sections["一"].add(SectionVersion(text=TEXT, origin="offline"))
    rid = store.create(report_2023)
    return rid, new_app(rid, "draft")


def test_one_paragraph_is_redrafted_and_the_rest_stays(store, report_2023):
    rid, at = _open(store, report_2023)
    at.button(key="redraft_aspect_management").click().run()
    assert_ok(at)
    text = stored(store, rid).sections["一"].text
    assert paragraph(text, Aspect.MANAGEMENT) != paragraph(TEXT, Aspect.MANAGEMENT)
    for aspect in (Aspect.ACTIVE, Aspect.ON_REQUEST, Aspect.PLATFORM, Aspect.OVERSIGHT):
        assert paragraph(text, aspect) == paragraph(TEXT, aspect)
    assert len(stored(store, rid).sections["一"].versions) == 2  # the text before stays in the history
    assert at.text_area(key="text_sec1").value == text


def test_a_locked_paragraph_survives_regenerating_the_section(store, report_2023):
    rid, at = _open(store, report_2023)
    at.toggle(key="lock_aspect_oversight").set_value(True).run()
    assert stored(store, rid).sections["一"].locked_aspects == [Aspect.OVERSIGHT]
    assert at.button(key="redraft_aspect_oversight").disabled
    at.button(key="gen_sec1").click().run()
    assert_ok(at)
    text = stored(store, rid).sections["一"].text
    assert paragraph(text, Aspect.OVERSIGHT) == paragraph(TEXT, Aspect.OVERSIGHT)
    assert paragraph(text, Aspect.ON_REQUEST) != paragraph(TEXT, Aspect.ON_REQUEST)
    at = new_app(rid, "draft")  # a restart keeps the lock
    assert at.toggle(key="lock_aspect_oversight").value is True
