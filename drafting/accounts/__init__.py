"""Accounts for a shared deployment: users and roles, sessions, access to reports, submit and review."""
