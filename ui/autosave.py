"""Typing is saved while it happens: text fields commit themselves after a pause, and a copy kept in the
browser brings back what was typed if the page is refreshed or closed before that.

Streamlit sends a text field's value only on blur or (Ctrl+)Enter, so a refresh mid-typing lost the text.
A small script in the page (installed once per browser tab) watches every text area and text input:
- 1.2 s after the last keystroke (never during pinyin composition) it sends the same (Ctrl+)Enter a
  person would, so the page's own on_change saves the text to the store;
- on every keystroke it keeps the text in localStorage, keyed by the report and the widget key, with the
  text the field showed before the typing started; after a refresh, a field still showing exactly that
  earlier text gets the kept text back and commits it (a field changed meanwhile, e.g. in another tab,
  is left alone), and the copy is dropped once the field shows it as saved.
Password fields (the API key) and the widget keys in `_NEVER_KEPT` are never kept. The section editors
of 起草 (`_KEPT_ONLY`) are kept but not committed on a pause: each commit there is a new version of the
section, and a paragraph typed with pauses would become a dozen versions.
"""

from __future__ import annotations

import json

import streamlit as st

DELAY_MS = 1200
_NEVER_KEPT = ("llm_api_key", "llm_base_url", "llm_model")
_KEPT_ONLY = ("text_sec",)

_SCRIPT = """<script>
(() => {
  if (window.__nianbaoAutosave) return;
  window.__nianbaoAutosave = true;
  const DELAY = %(delay)d, NEVER = %(never)s, KEPT_ONLY = %(kept_only)s;
  const PREFIX = "nianbao-draft:", MAX_AGE = 7 * 24 * 3600 * 1000;
  const timers = new WeakMap(), before = new WeakMap();
  const FIELDS = '[data-testid="stTextArea"] textarea, [data-testid="stTextInput"] input:not([type="password"])';
  const widgetKey = el => {
    const box = el.closest('[class*="st-key-"]');
    const cls = box && Array.from(box.classList).find(c => c.startsWith("st-key-"));
    return cls ? cls.slice(7) : null;
  };
  const report = () => new URLSearchParams(location.search).get("report") || "";
  const storeKey = el => {
    const key = widgetKey(el);
    return key && !NEVER.includes(key) && report() ? PREFIX + report() + ":" + key : null;
  };
  const commit = el => {
    const multiline = el.tagName === "TEXTAREA";
    before.set(el, el.value);
    el.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", code: "Enter", keyCode: 13, bubbles: true,
      cancelable: true, ctrlKey: multiline, metaKey: false}));
  };
  const schedule = el => {
    const key = widgetKey(el) || "";
    if (KEPT_ONLY.some(prefix => key.startsWith(prefix))) return;
    clearTimeout(timers.get(el));
    timers.set(el, setTimeout(() => { if (!el.__composing) commit(el); }, DELAY));
  };
  const keep = el => {
    const key = storeKey(el);
    if (!key) return;
    if (!before.has(el)) before.set(el, el.defaultValue);
    try {
      localStorage.setItem(key, JSON.stringify({text: el.value, before: before.get(el), at: Date.now()}));
    } catch (err) { /* storage full (a very long paste): the pause-save still saves it */ }
  };
  document.addEventListener("focusin", e => {
    if (e.target.matches && e.target.matches(FIELDS)) before.set(e.target, e.target.value);
  }, true);
  document.addEventListener("compositionstart", e => { e.target.__composing = true; }, true);
  document.addEventListener("compositionend", e => {
    e.target.__composing = false;
    if (e.target.matches && e.target.matches(FIELDS)) schedule(e.target);
  }, true);
  document.addEventListener("input", e => {
    const el = e.target;
    if (!el.matches || !el.matches(FIELDS)) return;
    keep(el);
    if (!el.__restoring) schedule(el);
  }, true);
  const setValue = (el, text) => {
    const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value").set.call(el, text);
    el.__restoring = true;
    el.dispatchEvent(new Event("input", {bubbles: true}));
    el.__restoring = false;
  };
  const notice = () => {
    const box = document.createElement("div");
    box.textContent = "已恢复刷新前尚未保存的输入，并已保存";
    box.setAttribute("data-testid", "nianbao-restored");
    box.style.cssText = "position:fixed;right:24px;bottom:24px;z-index:1000;padding:10px 16px;" +
      "background:#e8f5e9;color:#1b5e20;border:1px solid #a5d6a7;border-radius:8px;font-size:15px";
    document.body.appendChild(box);
    setTimeout(() => box.remove(), 6000);
  };
  const reconcile = () => {
    let restored = false;
    document.querySelectorAll(FIELDS).forEach(el => {
      const key = storeKey(el);
      const raw = key && localStorage.getItem(key);
      if (!raw) return;
      let kept;
      try { kept = JSON.parse(raw); } catch (err) { localStorage.removeItem(key); return; }
      if (el.value === kept.text || Date.now() - kept.at > MAX_AGE) { localStorage.removeItem(key); return; }
      if (document.activeElement === el || el.value !== kept.before) return;
      setValue(el, kept.text);
      commit(el);
      restored = true;
    });
    if (restored) notice();
  };
  new MutationObserver(() => { clearTimeout(window.__nianbaoReconcile);
    window.__nianbaoReconcile = setTimeout(reconcile, 400); })
    .observe(document.body, {childList: true, subtree: true});
})();
</script>"""


def install() -> None:
    """Put the script in the page (the element is identical on every rerun, so the browser runs it once)."""
    script = _SCRIPT % {
        "delay": DELAY_MS, "never": json.dumps(list(_NEVER_KEPT)), "kept_only": json.dumps(list(_KEPT_ONLY))
    }
    st.sidebar.html(script, unsafe_allow_javascript=True)
