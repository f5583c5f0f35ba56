"""Backup and restore of the whole portal: the database and MEDIA_ROOT in one dated archive.

`backup()` writes `ketnghia-<YYYYmmdd-HHMMSS>.tar.gz` holding
- `database.dump` (PostgreSQL: `pg_dump --format=custom`, one consistent snapshot) or
  `database.sqlite3` (SQLite: the online backup API, also a consistent copy);
- `media/…`: every stored file (evidence, agreements, job files), copied after the dump, so a file
  written meanwhile may be in the archive without its row, never a row without its file;
- `manifest.json`: when, which database, the row count of every table and the SHA-256 of every
  file, which `restore()` checks after loading.

`restore(path)` loads an archive into an EMPTY database (no table yet: a new database, or one
wiped) and an empty MEDIA_ROOT, then compares row counts and checksums with the manifest and
raises `BackupError` on any difference. PostgreSQL restores with `pg_restore`, which loads the
data before it creates the triggers (the year lock's among them), so a locked year restores
as it was.

Knows no domain: it reads the database's own table list.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"
# Left out of the archive: previews waiting for a confirm (minutes old, re-uploadable).
MEDIA_SKIPPED = {"import-pending"}


class BackupError(Exception):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """The row count of every table of the database (Django's and the portal's alike)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every stored file under `root`."""
    found = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] not in MEDIA_SKIPPED:
            found[relative.as_posix()] = sha256_of(path)
    return found


def _pg_env() -> tuple[dict, list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args


def _db_name() -> str:
    return str(connection.settings_dict["NAME"])


def _refuse_inside_a_transaction() -> None:
    """SQLite's online backup of a connection that holds an open write transaction waits for it
    forever (it retries the locked pages): refuse at once instead. `make backup` runs outside any
    transaction; a caller inside `transaction.atomic()` (a view, a test) must back up after it."""
    if connection.in_atomic_block or connection.connection.in_transaction:
        raise BackupError(_("Không sao lưu được khi đang có một giao dịch mở trên cơ sở dữ liệu SQLite: "
                            "hãy chạy sao lưu ngoài giao dịch (lệnh “manage.py backup”)."))


def _dump_database(folder: Path) -> tuple[str, dict[str, int]]:
    """The database file and the row counts of that same snapshot."""
    if connection.vendor == "postgresql":
        env, args = _pg_env()
        # pg_dump reads the snapshot this transaction exports: the counts are of the dumped data.
        outer = connection.in_atomic_block  # inside a caller's transaction (a test) no snapshot is exported
        with transaction.atomic(), connection.cursor() as cursor:
            snapshot = []
            if not outer:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = [f"--snapshot={cursor.fetchone()[0]}"]
            counts = table_counts()
            result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
                                     *snapshot, "--file", str(folder / PG_DUMP), _db_name()],
                                    env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()[:2000]}")
        return PG_DUMP, counts
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        _refuse_inside_a_transaction()
        target = sqlite3.connect(folder / SQLITE_COPY)
        try:
            connection.connection.backup(target)
            tables = [name for (name,) in target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            counts = {table: target.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}
        finally:
            target.close()
        return SQLITE_COPY, counts
    raise BackupError(f"No backup for the {connection.vendor} database.")


def backup(out_dir) -> Path:
    """Write the archive into `out_dir`; returns its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = out_dir / f"ketnghia-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        database, counts = _dump_database(work)
        files = media_files(media_root)
        manifest = {"created": datetime.datetime.now().isoformat(timespec="seconds"), "vendor": connection.vendor,
                    "database": database, "tables": counts, "files": files}
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(work / database, arcname=database)
            for relative in files:
                tar.add(media_root / relative, arcname=f"{MEDIA}/{relative}")
    return archive


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Refused archive entry: {member.name}")
        yield member


def _require_empty_database() -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"The database {_db_name()} is not empty ({len(tables)} tables): restore goes into an empty database.")


def _load_database(folder: Path, manifest: dict) -> None:
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"The archive holds a {manifest['vendor']} database; this one is {connection.vendor}.")
    if connection.vendor == "postgresql":
        env, args = _pg_env()
        connection.close()
        result = subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args,
                                 "--dbname", _db_name(), str(folder / PG_DUMP)], env=env, capture_output=True,
                                text=True)
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()[:2000]}")
    else:
        connection.ensure_connection()
        source = sqlite3.connect(folder / SQLITE_COPY)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def restore(path) -> dict:
    """Load the archive at `path` into the empty database and MEDIA_ROOT, then check it against
    its manifest. Returns the manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    _require_empty_database()
    if any(media_files(media_root)):
        raise BackupError(f"MEDIA_ROOT ({media_root}) already holds files: restore goes into an empty folder.")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(path, "r:gz") as tar:
            tar.extractall(work, members=list(_safe_members(tar)))
        manifest = json.loads((work / MANIFEST).read_text())
        _load_database(work, manifest)
        if (work / MEDIA).exists():
            shutil.copytree(work / MEDIA, media_root, dirs_exist_ok=True)
    problems = []
    counts = table_counts()
    for table, count in manifest["tables"].items():
        if counts.get(table) != count:
            problems.append(f"{table}: {counts.get(table)} rows, the backup had {count}")
    files = media_files(media_root)
    for relative, checksum in manifest["files"].items():
        if files.get(relative) != checksum:
            problems.append(f"{relative}: missing or changed")
    if problems:
        raise BackupError("The restore does not match the backup: " + "; ".join(problems[:20]))
    return manifest
