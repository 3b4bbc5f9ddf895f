"""Streamlit entry point (placeholder until the app lands): shows the example report's tables and findings."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from drafting.model import load_report

EXAMPLE = Path(__file__).parent / "examples" / "yunlan-sthj-2023.json"

st.set_page_config(page_title="政府信息公开工作年度报告起草", layout="wide")
report = load_report(EXAMPLE)
st.title(report.title)
st.caption(f"示例数据 · {report.format} 格式")
st.json({k: str(v) for k, v in report.cells.items()}, expanded=False)
