"""`make backup` / `make restore`: back up, wipe, restore into the empty database, and find every
table's row count, the annual figures of two years and the SHA-256 of every stored file as they
were (issue 11). On PostgreSQL (pg_dump / pg_restore) and on SQLite (its backup API)."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from common import backup
from partnerships import services
from partnerships.exceptions import YearLocked
from partnerships.models import ActivityStatus, LockedYear
from reports import selectors
from reports.filters import ReportFilter
from reports.services import finalise
from tests.factories import ActivityFactory, lock_year

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def wipe_database():
    """Every table gone, as in a new database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            tables = connection.introspection.table_names(cursor)
            for (name,) in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
            for table in tables:
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


def figures(year):
    return selectors.key_figures(ReportFilter.for_year(year))


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def test_backup_wipe_restore_gives_back_every_row_figure_and_file(
        transactional_db, media, tmp_path, officer, coordinator, administrator, partnership, commune):
    for year, money in ((2024, 12_500_000), (2025, 40_000_000)):
        for index in range(3):
            ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(year, 3, 1 + index),
                            status=ActivityStatus.APPROVED, budget_state=money, title=f"Hoạt động {year}-{index}")
    draft = ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2025, 6, 1),
                            created_by=officer)
    services.attachment_add(actor=officer, activity=draft, upload=SimpleUploadedFile("biên bản.pdf", PDF))
    services.attachment_add(actor=officer, activity=draft, upload=SimpleUploadedFile("ảnh.png", PNG))
    lock_year(2024, coordinator)  # a locked year restores locked (the triggers come after the data)
    before_counts = backup.table_counts()
    before_figures = {year: figures(year) for year in (2024, 2025)}
    before_files = {path.relative_to(media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                    for path in media.rglob("*") if path.is_file()}
    assert len(before_files) == 2 and before_figures[2025]["activities"] == 3

    call_command("backup", out=str(tmp_path / "backups"))
    [archive] = (tmp_path / "backups").glob("ketnghia-*.tar.gz")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))  # into the live database: refused, nothing touched

    wipe_database()
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert connection.introspection.table_names() == []
    call_command("restore", str(archive))

    assert backup.table_counts() == before_counts
    assert {year: figures(year) for year in (2024, 2025)} == before_figures
    after_files = {path.relative_to(media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                   for path in media.rglob("*") if path.is_file()}
    assert after_files == before_files
    assert LockedYear.objects.filter(year=2024).exists()
    with pytest.raises(YearLocked):
        services.require_years_open(2024)
    # The flush after the test meets no lock (TRUNCATE is refused while a year is locked).
    finalise.reopen_year(actor=administrator, year=2024, reason="kết thúc kiểm thử")


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, media, tmp_path):
    archive = backup.backup(tmp_path)
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(archive)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's online backup (PostgreSQL: pg_dump of a snapshot)")
def test_sqlite_backup_inside_a_write_transaction_is_refused_at_once(transactional_db, media, tmp_path, agency):
    """Its online backup would wait forever for the open write transaction (a test hung in CI)."""
    from django.db import transaction

    from partnerships.models import Agency

    out = tmp_path / "backups"
    with transaction.atomic():
        Agency.objects.filter(pk=agency.pk).update(name="Sở Tài chính (đang sửa)")
        with pytest.raises(backup.BackupError, match="Không sao lưu được khi đang có một giao dịch mở"):
            backup.backup(out)
    assert not any(out.glob("*"))  # nothing half-written
    assert backup.backup(out).exists()  # after the transaction, it backs up
