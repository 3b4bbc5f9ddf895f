"""The account and workflow tables, kept beside the store's in the same database (own metadata)."""

from __future__ import annotations

from sqlalchemy import Column, Engine, Index, Integer, MetaData, Table, Text, UniqueConstraint

from drafting.io.store_db import create_schema

metadata = MetaData()

agencies = Table("agencies", metadata, Column("name", Text, primary_key=True))

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("agency", Text, nullable=True),
    Column("created", Text, nullable=False),
)

scopes = Table(
    "user_scopes",
    metadata,
    Column("user_id", Integer, nullable=False),
    Column("agency", Text, nullable=False),
    UniqueConstraint("user_id", "agency"),
)

# Only a hash of each token is kept: a copy of the database opens no session.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("created", Text, nullable=False),
    Column("last_seen", Text, nullable=False),
)

# Users an administrator switched off (left the agency, account misused): no sign-in, sessions ended. A table of
# its own, so databases made before it only gain a table (create_all) and need no column migration.
disabled_users = Table(
    "disabled_users",
    metadata,
    Column("user_id", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("by", Text, nullable=False),
)

# Keyed by the name typed, existing or not, so a lock-out tells nothing about which names exist.
login_failures = Table(
    "login_failures",
    metadata,
    Column("name", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", Text, nullable=True),
)

# One row per step (已提交, 已退回, 已通过); the latest row of a report is its state. A submission keeps the body.
submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("rev", Integer, nullable=False),
    Column("body", Text, nullable=True),
    Column("comment", Text, nullable=True),
    Column("user_name", Text, nullable=False),
    Column("at", Text, nullable=False),
    Index("submissions_report", "report_id", "id"),
)


def create_tables(engine: Engine) -> None:
    """Create the missing account tables (existing ones kept), under the store's start-up schema lock."""
    create_schema(engine, metadata)
