"""Backups that restore (issue 13): ``manage.py backup`` then ``manage.py
restore`` into a fresh database and fresh storage folders gives the same
rows and the same files, and the restored site serves its pages; restore
refuses a damaged backup and a target that is not empty, changing nothing.

The backup runs in the test's process against the test database; restore
and the restored site run as separate processes (``manage.py`` under the
development settings) with their own DATABASE_URL, MEDIA_ROOT and
PRIVATE_MEDIA_ROOT, as an operator would run them."""

import contextlib
import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from psycopg import sql

from cms.models import NoticePage, UnitDirectoryPage
from evaluations.models import ProtectedUnit
from portal.core.storage import private_storage
from tests.portal.test_celery_roundtrip import database_url as the_test_database_url

REFUSED = 2
SERVER_START_SECONDS = 120


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def database_url(name: str) -> str:
    """Returns a URL for the database ``name`` on the test database's
    server (a file path on SQLite)."""
    if not on_postgresql():
        return f"sqlite:///{name}"
    return f"{the_test_database_url().rsplit('/', 1)[0]}/{name}"


@contextlib.contextmanager
def database_cursor(url: str):
    """A DB-API cursor on the database at ``url`` (not through Django)."""
    if url.startswith("sqlite:///"):
        connection_ = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        connection_ = psycopg.connect(url, autocommit=True)
    try:
        yield connection_.cursor()
    finally:
        connection_.close()


@pytest.fixture
def target_database(tmp_path):
    """A new, empty database on the test database's server (a new file on
    SQLite), dropped at the end; yields its URL."""
    if not on_postgresql():
        yield database_url(str(tmp_path / "restored.sqlite3"))
        return
    name = f"portal_restore_{uuid.uuid4().hex[:12]}"
    with database_cursor(database_url("postgres")) as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield database_url(name)
    with database_cursor(database_url("postgres")) as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def target_storage(tmp_path):
    """Empty public and private storage folders for the restored site."""
    folders = {"media": tmp_path / "restored-media", "private": tmp_path / "restored-private"}
    for folder in folders.values():
        folder.mkdir()
    return folders


def site_environment(url: str, storage: dict[str, Path]) -> dict[str, str]:
    """The environment of a ``manage.py`` process on the restored site:
    its database and folders, a cache of its own (local memory)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "DJANGO_", "MEDIA_", "PRIVATE_"))
    }
    return environment | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(storage["media"]),
        "PRIVATE_MEDIA_ROOT": str(storage["private"]),
        "CACHE_URL": "",
    }


def manage(*args: str, url: str, storage: dict[str, Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=site_environment(url, storage),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def model_tables() -> list[str]:
    """Every table of an installed model (many-to-many tables included)."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in model_tables():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - the models' own names
        counts[table] = cursor.fetchone()[0]
    return counts


def tables_in(url: str) -> list[str]:
    with database_cursor(url) as cursor:
        if url.startswith("sqlite:///"):
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [row[0] for row in cursor.fetchall()]


def digests(root: Path, *, exclude: Path | None = None) -> dict[str, str]:
    """{path relative to root: SHA-256} of every file under ``root``."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and (exclude is None or not path.is_relative_to(exclude))
    }


def source_digests() -> dict[str, dict[str, str]]:
    private_root = Path(private_storage().location)
    return {
        "media": digests(Path(default_storage.location), exclude=private_root),
        "private": digests(private_root),
    }


def backup(directory: Path) -> None:
    call_command("backup", str(directory), stdout=StringIO())


@contextlib.contextmanager
def site_running(url: str, storage: dict[str, Path], log: Path):
    """Starts ``manage.py runserver`` on the restored site; yields its base
    URL once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=settings.BASE_DIR,
            env=site_environment(url, storage),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).close()  # noqa: S310
                break
            except urllib.error.HTTPError:
                break  # it answers, even if a dependency is unwell
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def restore_drill(tmp_path: Path, url: str, storage: dict[str, Path]) -> None:
    """Seeds the demo, backs up, restores into ``url`` and ``storage``, and
    checks rows, files and pages."""
    call_command("seed_demo", "--force", stdout=StringIO())
    # A public upload besides the PDFs the demo renders into both storages.
    default_storage.save("original_images/drill.png", ContentFile(b"\x89PNG\r\n\x1a\n drill"))
    expected_rows = row_counts(connection.cursor())
    expected_files = source_digests()
    assert expected_files["media"] and expected_files["private"]
    assert expected_rows["wagtailcore_page"] > 5 and expected_rows["evaluations_protectedunit"]
    notice = NoticePage.objects.live().get(slug="demo-portal-trial")
    directory_url = UnitDirectoryPage.objects.live().get().url
    unit = ProtectedUnit.objects.exclude(certificate_pdf="").first()
    certificate = hashlib.sha256(unit.certificate_pdf.read()).hexdigest()

    backup(tmp_path / "backup")
    restored = manage("restore", str(tmp_path / "backup"), url=url, storage=storage)
    assert restored.returncode == 0, restored.stderr

    with database_cursor(url) as cursor:
        assert row_counts(cursor) == expected_rows
    assert {
        "media": digests(storage["media"]),
        "private": digests(storage["private"]),
    } == expected_files

    with site_running(url, storage, tmp_path / "runserver.log") as base:
        status, home = fetch(f"{base}/")
        assert status == 200
        assert notice.title in home.decode()
        status, page = fetch(f"{base}{notice.url}")
        assert status == 200
        assert "门户网站开始试运行" in page.decode()
        status, listing = fetch(f"{base}{directory_url}")
        assert status == 200
        assert unit.name in listing.decode()
        # A private file, served by the restored site from the restored folder.
        status, pdf = fetch(f"{base}{directory_url}{unit.code}/certificate/")
        assert status == 200
        assert hashlib.sha256(pdf).hexdigest() == certificate


@pytest.mark.skipif(
    not on_postgresql(), reason="the tests run on SQLite; the SQLite drill runs instead"
)
def test_restore_drill_postgresql(committed_db, tmp_path, target_database, target_storage):
    restore_drill(tmp_path, target_database, target_storage)


@pytest.mark.skipif(
    on_postgresql(), reason="the tests run on PostgreSQL; the PostgreSQL drill runs instead"
)
def test_restore_drill_sqlite(committed_db, tmp_path, target_database, target_storage):
    restore_drill(tmp_path, target_database, target_storage)


@pytest.fixture
def small_backup(committed_db, tmp_path):
    """A backup of the reference data, one public and one private file."""
    default_storage.save("documents/drill.txt", ContentFile(b"public"))
    private_storage().save("materials/drill.txt", ContentFile(b"private"))
    directory = tmp_path / "backup"
    backup(directory)
    return directory


def damage_changed(directory: Path) -> str:
    path = directory / "private" / "materials" / "drill.txt"
    path.write_bytes(b"PRIVATE")  # same size, other bytes
    return "private/materials/drill.txt"


def damage_missing(directory: Path) -> str:
    dump = next(directory.glob("database.*"))
    dump.unlink()
    return dump.name


def damage_no_manifest(directory: Path) -> str:
    (directory / "manifest.json").unlink()
    return "manifest.json"


@pytest.mark.parametrize("damage", [damage_changed, damage_missing, damage_no_manifest])
def test_restore_refuses_a_damaged_backup(small_backup, target_database, target_storage, damage):
    named = damage(small_backup)
    restored = manage("restore", str(small_backup), url=target_database, storage=target_storage)
    assert restored.returncode == REFUSED, restored.stderr
    assert named in restored.stderr
    assert tables_in(target_database) == []
    assert not any(digests(folder) for folder in target_storage.values())


def test_restore_refuses_a_database_that_is_not_empty(small_backup, target_storage):
    rows = row_counts(connection.cursor())
    assert rows["applications_county"]
    url = the_test_database_url()
    restored = manage("restore", str(small_backup), url=url, storage=target_storage)
    assert restored.returncode == REFUSED, restored.stderr
    assert row_counts(connection.cursor()) == rows
    assert not any(digests(folder) for folder in target_storage.values())


def test_restore_refuses_storage_that_is_not_empty(small_backup, target_database, target_storage):
    kept = target_storage["media"] / "kept.txt"
    kept.write_bytes(b"someone else's file")
    restored = manage("restore", str(small_backup), url=target_database, storage=target_storage)
    assert restored.returncode == REFUSED, restored.stderr
    assert "kept.txt" in restored.stderr
    assert tables_in(target_database) == []
    assert kept.read_bytes() == b"someone else's file"
    assert digests(target_storage["media"]) == {"kept.txt": digests(kept.parent)["kept.txt"]}
    assert digests(target_storage["private"]) == {}


def test_restore_verify_only_checks_an_intact_backup(small_backup, target_database, target_storage):
    checked = manage(
        "restore", str(small_backup), "--verify-only", url=target_database, storage=target_storage
    )
    assert checked.returncode == 0, checked.stderr
    assert tables_in(target_database) == []


def test_backup_refuses_a_folder_that_is_not_empty(committed_db, tmp_path):
    directory = tmp_path / "used"
    directory.mkdir()
    (directory / "old.txt").write_text("old")
    with pytest.raises(CommandError) as refused:
        backup(directory)
    assert refused.value.returncode == REFUSED
    assert [p.name for p in directory.iterdir()] == ["old.txt"]


def test_backup_refuses_object_storage_and_says_why(committed_db, tmp_path):
    s3 = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "portal", "location": "private"},
    }
    with override_settings(STORAGES={**settings.STORAGES, "private": s3}):
        assert type(storages["private"]).__name__ == "S3Storage"
        with pytest.raises(CommandError, match="S3Storage") as refused:
            backup(tmp_path / "backup")
    assert refused.value.returncode == REFUSED
    assert not (tmp_path / "backup").exists()
