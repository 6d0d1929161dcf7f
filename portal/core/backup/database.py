"""The database part of a backup: a dump that is one consistent snapshot
(pg_dump's custom format on PostgreSQL, SQLite's online backup API under
``make run``), its restore, and what a target database must not have."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from portal.core.errors import Refused

DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# How the libpq tools get what Django's settings say about the server.
PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


class BackupFailed(Exception):
    """A backup or restore that could not be finished: pg_dump or pg_restore
    exited with an error (its own words are the message), or a copied file
    does not read back as written."""


def database_engine(connection: BaseDatabaseWrapper) -> str:
    """Returns "postgresql" or "sqlite". Raises Refused for any other
    database."""
    if connection.vendor not in DUMP_FILES:
        raise Refused(
            [
                _("Backups support PostgreSQL and SQLite, not %(vendor)s.")
                % {"vendor": connection.vendor}
            ]
        )
    return connection.vendor


def database_tools_check(engine: str, *tools: str) -> None:
    """Raises Refused, naming the package, if a PostgreSQL tool is not on
    the PATH (a PostgreSQL engine only; SQLite needs none)."""
    missing = [tool for tool in tools if engine == "postgresql" and not shutil.which(tool)]
    if missing:
        raise Refused(
            [
                _(
                    "%(tools)s not found: install the PostgreSQL client of the server's version "
                    "(Debian: postgresql-client-15) or put its bin folder first on PATH."
                )
                % {"tools": ", ".join(missing)}
            ]
        )


def database_describe(connection: BaseDatabaseWrapper) -> dict:
    """Returns the engine, the server's version (PostgreSQL) and the
    applied migrations ({app: [name, …]}), for the manifest."""
    engine = database_engine(connection)
    description = {"engine": engine, "file": DUMP_FILES[engine]}
    with connection.cursor() as cursor:
        if engine == "postgresql":
            cursor.execute("SHOW server_version")
            description["server_version"] = cursor.fetchone()[0]
            description["pg_dump"] = _tool_version("pg_dump")
        else:
            cursor.execute("SELECT sqlite_version()")
            description["server_version"] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        migrations.setdefault(app_label, []).append(name)
    description["migrations"] = migrations
    return description


def database_dump(*, connection: BaseDatabaseWrapper, target: Path) -> None:
    """Writes a consistent snapshot of the database to ``target``: pg_dump
    reads in one repeatable-read transaction; SQLite's backup API copies the
    pages under a read lock. Raises BackupFailed if pg_dump fails."""
    if database_engine(connection) == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-password", f"--file={target}"], connection)
        return
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def database_restore(*, connection: BaseDatabaseWrapper, source: Path) -> None:
    """Restores the dump at ``source`` into the (empty) database. On
    PostgreSQL pg_restore runs as one transaction that stops at the first
    error, so a failed restore leaves the database as it was; objects belong
    to the user who restores (the dump's owners and grants are left out).
    Raises BackupFailed if pg_restore fails."""
    if database_engine(connection) == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ],
            connection,
        )
        return
    connection.ensure_connection()
    dump = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dump.backup(connection.connection)
    finally:
        dump.close()
        # Django's connection opened before the restore: start afresh.
        connection.close()


def database_problems(*, connection: BaseDatabaseWrapper, manifest: dict) -> list[str]:
    """Returns why the backup described by ``manifest`` cannot be restored
    into this database: another engine, an older PostgreSQL server,
    migrations this code does not know, or a database that is not empty
    (any of the portal's tables, with rows or without, or any applied
    migration)."""
    engine = database_engine(connection)
    described = manifest["database"]
    if described["engine"] != engine:
        return [
            _("This is a %(backup)s backup; the target database is %(target)s.")
            % {"backup": described["engine"], "target": engine}
        ]
    problems = []
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            target_version = cursor.fetchone()[0]
        if _major(target_version) < _major(described["server_version"]):
            problems.append(
                _("The backup is of PostgreSQL %(backup)s; the target server is %(target)s.")
                % {"backup": described["server_version"], "target": target_version}
            )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app_label}.{name}"
        for app_label, names in described["migrations"].items()
        for name in names
        if (app_label, name) not in known
    ]
    if unknown:
        problems.append(
            _(
                "The backup has migrations this version of the portal does not know (%(names)s): "
                "restore with the portal's commit %(commit)s."
            )
            % {"names": ", ".join(unknown[:5]), "commit": manifest.get("git_commit") or "?"}
        )
    ours = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    ours.add(MigrationRecorder.Migration._meta.db_table)
    present = sorted(ours & set(connection.introspection.table_names()))
    if present:
        problems.append(
            _(
                "The target database is not empty: it has %(tables)d of the portal's tables "
                "(%(rows)d with rows) and %(migrations)d applied migrations. Restore only into "
                "a new, empty database, without running migrate first."
            )
            % {
                "tables": len(present),
                "rows": sum(_has_rows(connection, table) for table in present),
                "migrations": len(MigrationRecorder(connection).applied_migrations()),
            }
        )
    return problems


def pending_migrations(*, connection: BaseDatabaseWrapper) -> int:
    """Returns how many of the code's migrations the database has not had."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return len(set(loader.graph.nodes) - set(loader.applied_migrations))


def _has_rows(connection: BaseDatabaseWrapper, table: str) -> bool:
    with connection.cursor() as cursor:
        # A name from the models' registry, quoted: not user input.
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is not None


def _major(version: str) -> int:
    return int(version.split(".")[0].split()[0])


def _tool_version(tool: str) -> str:
    result = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return result.stdout.strip()


def _run(command: list[str], connection: BaseDatabaseWrapper) -> None:
    """Runs a libpq tool against the database of ``connection``, with the
    password in the environment (never on the command line)."""
    settings_dict = connection.settings_dict
    environment = os.environ.copy()
    environment["PGDATABASE"] = settings_dict["NAME"]
    for key, name in PG_ENVIRONMENT.items():
        if settings_dict.get(key):
            environment[name] = str(settings_dict[key])
    for key, name in PG_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(key):
            environment[name] = str(settings_dict["OPTIONS"][key])
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupFailed(f"{command[0]}: {result.stderr.strip()}")
