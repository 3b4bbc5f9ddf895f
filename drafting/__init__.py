"""Drafting 政府信息公开工作年度报告: the report model, tables, checks, rendering and narrative drafting."""
