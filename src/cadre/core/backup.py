"""Backups with a manifest, and the restore drill that proves a backup restores.

``backup_create`` writes one file and, beside it, ``<file>.manifest.json``:

- on PostgreSQL, ``pg_dump -Fc`` of the database in an exported snapshot, the manifest
  computed in the same snapshot (so both describe one instant while the site writes);
- on the embedded SQLite database, a copy made with SQLite's online backup API (readers
  and writers of the site go on; the copy is one consistent state), the manifest computed
  from the copy.

The manifest holds the row count of every table and, for the key tables (people,
organisations, posts, ratings, the audit log, pay and KPI results…), a checksum of their
rows. ``restore_drill`` restores a backup into a fresh database (PostgreSQL: ``createdb``
and ``pg_restore -j``; SQLite: a copy), runs ``cadre audit-verify`` against it and compares
counts and checksums with the manifest.

The checksum of a table has one definition on both engines (``_row_text_sql`` and
``_Sum64``): every row is rendered as the text of its columns in the manifest's order,
joined by ``|`` (NULL as ``\\N``); the first 64 bits of the MD5 of that text, read as a
signed integer, are summed over the rows modulo 2**64. A sum does not depend on the order
in which rows are read, and needs no memory for a whole table's text.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_VERSION = 1

#: The tables whose every row is checksummed (model labels; absent ones are skipped).
KEY_MODELS = (
    "orgs.Organisation",
    "orgs.Post",
    "people.Employee",
    "people.Assignment",
    "accounts.User",
    "accounts.RoleAssignment",
    "core.AuditEvent",
    "core.AuditHead",
    "ratings.Rating",
    "ratings.Interaction",
    "ratings.EmployeeScore",
    "ratings.UnitScore",
    "pay.Salary",
    "pay.Run",
    "pay.RunLine",
    "kpi.Assignment",
    "kpi.Actual",
    "kpi.Achievement",
    "ratingpay.SnapshotRow",
)

_MOD = 2**64


class BackupError(Exception):
    """A backup that cannot be made or read: the message says what and where."""


def _h64(text: str) -> int:
    """The first 64 bits of the MD5 of ``text``, signed (as PostgreSQL's ``bit(64)::bigint``)."""
    value = int(hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()[:16], 16)
    return value - _MOD if value >= 2**63 else value


class _Sum64:
    """SQLite aggregate: the sum of ``_h64`` over the rows, modulo 2**64 (as text)."""

    def __init__(self) -> None:
        self.total = 0

    def step(self, text: str) -> None:
        self.total += _h64(text)

    def finalize(self) -> str:
        return f"{self.total % _MOD:016x}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row_text_sql(columns: list[str], *, engine: str) -> str:
    """The SQL text of one row: its columns as text, ``|`` between them, NULL as ``\\N``."""
    cast = "{}::text" if engine == "postgresql" else "CAST({} AS TEXT)"
    parts = [f"coalesce({cast.format(_quote(c))}, '\\N')" for c in columns]
    return " || '|' || ".join(parts) if parts else "''"


# --- Connections ----------------------------------------------------------------------


@dataclass(frozen=True)
class Database:
    """Where a database is: ``engine`` is ``postgresql`` or ``sqlite``."""

    engine: str
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls) -> Database:
        from django.conf import settings

        db = settings.DATABASES["default"]
        engine = db["ENGINE"].rsplit(".", 1)[-1]
        if engine not in {"postgresql", "sqlite3"}:
            raise BackupError(f"cadre backup supports PostgreSQL and SQLite, not {engine}")
        return cls(
            engine="sqlite" if engine == "sqlite3" else "postgresql",
            name=str(db["NAME"]),
            host=str(db.get("HOST") or ""),
            port=str(db.get("PORT") or ""),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
        )

    def other(self, name: str) -> Database:
        return Database(self.engine, name, self.host, self.port, self.user, self.password)

    def url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.name}"
        auth = quote(self.user, safe="") + (
            f":{quote(self.password, safe='')}" if self.password else ""
        )
        at = f"{auth}@" if auth else ""
        return f"postgres://{at}{self.host}{':' + self.port if self.port else ''}/{self.name}"

    def pg_env(self) -> dict[str, str]:
        given = {
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
        }
        env = dict(os.environ) | {key: value for key, value in given.items() if value}
        env["PGDATABASE"] = self.name
        return env

    def pg_connect(self) -> Any:
        import psycopg
        from psycopg.conninfo import make_conninfo

        params = {"dbname": self.name, "host": self.host, "port": self.port, "user": self.user}
        if self.password:
            params["password"] = self.password
        conninfo = make_conninfo(**{k: v for k, v in params.items() if v})
        conn = psycopg.connect(conninfo, autocommit=True)
        # Text renderings that do not depend on the server's or the role's defaults.
        conn.execute("SET TimeZone = 'UTC'")
        conn.execute("SET DateStyle = 'ISO, YMD'")
        conn.execute("SET IntervalStyle = 'postgres'")
        conn.execute("SET extra_float_digits = 1")
        conn.execute("SET bytea_output = 'hex'")
        return conn


def _tool(name: str) -> str:
    """The path of a PostgreSQL client program (``postgresql-client``)."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _sqlite_connect(path: Path, *, read_only: bool = True) -> sqlite3.Connection:
    uri = f"file:{path}?mode={'ro' if read_only else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, timeout=20)
    conn.create_aggregate("cadre_sum64", 1, _Sum64)  # type: ignore[arg-type]
    return conn


# --- The manifest ---------------------------------------------------------------------


def key_tables() -> list[str]:
    """The database tables of ``KEY_MODELS`` installed in this project."""
    from django.apps import apps

    tables = []
    for label in KEY_MODELS:
        app_label, model_name = label.split(".")
        try:
            tables.append(apps.get_model(app_label, model_name)._meta.db_table)
        except LookupError:
            continue
    return tables


def _columns_pg(cur: Any, table: str) -> list[str]:
    cur.execute(
        "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relname = %s AND a.attnum > 0 "
        "AND NOT a.attisdropped ORDER BY a.attnum",
        [table],
    )
    return [r[0] for r in cur.fetchall()]


def _tables_pg(cur: Any) -> list[str]:
    cur.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
        "AND NOT c.relispartition ORDER BY 1"
    )
    return [r[0] for r in cur.fetchall()]


def _columns_sqlite(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({_quote(table)})")]


def _tables_sqlite(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY 1"
    )
    return [r[0] for r in rows]


@dataclass
class TableFigures:
    rows: int
    checksum: str | None = None
    columns: list[str] | None = None


def _figures(
    *,
    engine: str,
    query: Callable[[str], tuple[Any, ...]],
    tables: list[str],
    columns_of: Callable[[str], list[str]],
    keys: list[str],
    columns: dict[str, list[str]] | None = None,
) -> dict[str, TableFigures]:
    """Counts of every table in ``tables``; counts and checksums of the ``keys`` among them
    (over ``columns`` where given, as the drill does with the manifest's columns). A key
    table the database lacks is simply not in the figures."""
    out: dict[str, TableFigures] = {}
    for table in tables:
        if table in keys:
            cols = (columns or {}).get(table) or columns_of(table)
            text = _row_text_sql(cols, engine=engine)
            if engine == "postgresql":
                sql = (  # identifiers quoted, no value from outside
                    f"SELECT count(*), coalesce(sum(('x' || left(md5({text}), 16))"  # noqa: S608
                    f"::bit(64)::bigint), 0) FROM {_quote(table)}"
                )
                rows, total = query(sql)
                checksum = f"{int(total) % _MOD:016x}"
            else:
                sql = f"SELECT count(*), cadre_sum64({text}) FROM {_quote(table)}"  # noqa: S608
                rows, checksum = query(sql)
                checksum = checksum or f"{0:016x}"
            out[table] = TableFigures(int(rows), checksum, cols)
        else:
            (rows,) = query(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608
            out[table] = TableFigures(int(rows))
    return out


def figures_pg(
    conn: Any, keys: list[str], columns: dict[str, list[str]] | None = None
) -> dict[str, TableFigures]:
    cur = conn.cursor()

    def query(sql: str) -> tuple[Any, ...]:
        cur.execute(sql)
        return tuple(cur.fetchone())

    return _figures(
        engine="postgresql",
        query=query,
        tables=_tables_pg(cur),
        columns_of=lambda t: _columns_pg(cur, t),
        keys=keys,
        columns=columns,
    )


def figures_sqlite(
    conn: sqlite3.Connection, keys: list[str], columns: dict[str, list[str]] | None = None
) -> dict[str, TableFigures]:
    def query(sql: str) -> tuple[Any, ...]:
        return tuple(conn.execute(sql).fetchone())

    return _figures(
        engine="sqlite",
        query=query,
        tables=_tables_sqlite(conn),
        columns_of=lambda t: _columns_sqlite(conn, t),
        keys=keys,
        columns=columns,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def _manifest(
    db: Database, backup: Path, figures: dict[str, TableFigures], seconds: float
) -> dict[str, Any]:
    return {
        "version": MANIFEST_VERSION,
        "engine": db.engine,
        "database": db.name if db.engine == "postgresql" else Path(db.name).name,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "file": backup.name,
        "size": backup.stat().st_size,
        "sha256": _sha256(backup),
        "seconds": round(seconds, 3),
        "checksum": "sum mod 2^64 of the first 64 bits of md5(columns as text joined by '|')",
        "tables": {
            name: {
                "rows": f.rows,
                **({"checksum": f.checksum, "columns": f.columns} if f.checksum else {}),
            }
            for name, f in sorted(figures.items())
        },
    }


# --- Backup ---------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: Path
    size: int
    seconds: float
    tables: int
    rows: int


def default_backup_path(db: Database) -> Path:
    from django.conf import settings

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".dump" if db.engine == "postgresql" else ".sqlite3"
    return Path(settings.DATA_DIR) / "backups" / f"cadre-{stamp}{suffix}"


def backup_create(*, output: Path | None = None, db: Database | None = None) -> BackupResult:
    """Back the database up to ``output`` (default: ``$CADRE_DATA_DIR/backups/…``) and write
    its manifest beside it."""
    db = db or Database.from_settings()
    path = (output or default_backup_path(db)).resolve()
    # A backup holds every personal record and password hash: only its owner may read it.
    umask = os.umask(0o077)
    try:
        return _backup_create(db, path)
    finally:
        os.umask(umask)


def _backup_create(db: Database, path: Path) -> BackupResult:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        raise BackupError(f"{path} exists already; choose another file")
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    try:
        if db.engine == "postgresql":
            figures = _backup_pg(db, partial)
        else:
            figures = _backup_sqlite(db, partial)
        partial.chmod(0o600)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    manifest = _manifest(db, path, figures, seconds)
    mpath = manifest_path(path)
    mpath.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return BackupResult(
        path=path,
        manifest=mpath,
        size=manifest["size"],
        seconds=seconds,
        tables=len(figures),
        rows=sum(f.rows for f in figures.values() if f.rows > 0),
    )


def _backup_pg(db: Database, target: Path) -> dict[str, TableFigures]:
    """``pg_dump -Fc`` in a snapshot exported by the transaction that computes the manifest."""
    conn = db.pg_connect()
    try:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        (snapshot,) = conn.execute("SELECT pg_export_snapshot()").fetchone()
        argv = [_tool("pg_dump"), "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target)]
        with tempfile.TemporaryFile() as err:
            dump = subprocess.Popen(argv, env=db.pg_env(), stderr=err)  # noqa: S603
            try:
                figures = figures_pg(conn, key_tables())
            finally:
                code = dump.wait()
            err.seek(0)
            message = err.read().decode(errors="replace").strip()
        if code:
            raise BackupError(f"pg_dump failed (exit {code}): {message}")
        conn.execute("COMMIT")
        return figures
    finally:
        conn.close()


def _backup_sqlite(db: Database, target: Path) -> dict[str, TableFigures]:
    """SQLite's online backup API, in one step: the copy is the state of one read
    transaction; in WAL mode the site's writers are not blocked meanwhile."""
    source_path = Path(db.name)
    if not source_path.exists():
        raise BackupError(f"the database {source_path} does not exist")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=20)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest, pages=-1)
    finally:
        dest.close()
        source.close()
    conn = _sqlite_connect(target)
    try:
        return figures_sqlite(conn, key_tables())
    finally:
        conn.close()


# --- The restore drill ----------------------------------------------------------------


@dataclass
class Comparison:
    table: str
    source_rows: int
    restored_rows: int
    source_checksum: str | None
    restored_checksum: str | None

    @property
    def ok(self) -> bool:
        return (
            self.source_rows == self.restored_rows
            and self.source_checksum == self.restored_checksum
        )


@dataclass
class DrillReport:
    backup: Path
    engine: str
    target: str
    file_ok: bool
    restore_seconds: float = 0.0
    verify_seconds: float = 0.0
    compare_seconds: float = 0.0
    audit_ok: bool = False
    audit_output: str = ""
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def mismatched(self) -> list[str]:
        return [c.table for c in self.comparisons if not c.ok]

    @property
    def ok(self) -> bool:
        return self.file_ok and self.audit_ok and not self.mismatched

    def lines(self) -> Iterator[str]:
        yield f"backup:   {self.backup}"
        yield f"restored: {self.target} ({self.engine}) in {self.restore_seconds:.1f} s"
        yield (
            "file:     "
            + ("sha256 as in the manifest" if self.file_ok else "sha256 DIFFERS from the manifest")
        )
        yield ""
        yield f"{'table':<34} {'rows (source)':>14} {'rows (restored)':>16}  checksum"
        others = 0
        for c in self.comparisons:
            if c.source_checksum is None and c.ok:
                others += 1  # a table counted, not checksummed, and equal: on the summary line
                continue
            if c.restored_rows < 0:
                mark = "TABLE MISSING"
            elif c.source_rows < 0:
                mark = "NOT IN THE BACKUP"
            elif c.source_checksum is None:
                mark = "ROWS DIFFER"
            elif c.ok:
                mark = f"{c.restored_checksum} ok"
            else:
                mark = f"{c.restored_checksum or '-'} MISMATCH (source {c.source_checksum})"
            source = "missing" if c.source_rows < 0 else f"{c.source_rows:,}"
            restored = "missing" if c.restored_rows < 0 else f"{c.restored_rows:,}"
            yield f"{c.table:<34} {source:>14} {restored:>16}  {mark}"
        yield f"{others} other tables: row counts as in the manifest"
        yield ""
        yield "audit-verify: " + ("OK" if self.audit_ok else "FAILED")
        for line in self.audit_output.splitlines():
            yield f"  {line}"
        yield (
            f"compared in {self.compare_seconds:.1f} s, "
            f"audit verified in {self.verify_seconds:.1f} s"
        )
        if self.ok:
            yield "RESTORE DRILL PASSED: every table matches its manifest"
        else:
            problems = []
            if not self.file_ok:
                problems.append("the file differs from its manifest")
            if not self.audit_ok:
                problems.append("the audit chain does not verify")
            if self.mismatched:
                problems.append("tables differ: " + ", ".join(self.mismatched))
            yield "RESTORE DRILL FAILED: " + "; ".join(problems)


def manifest_read(backup: Path) -> dict[str, Any]:
    if not backup.is_file():
        raise BackupError(f"no backup file at {backup}")
    mpath = manifest_path(backup)
    if not mpath.is_file():
        raise BackupError(f"no manifest beside the backup: {mpath} is missing")
    try:
        manifest = json.loads(mpath.read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"the manifest {mpath} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
        raise BackupError(f"the manifest {mpath} is not a Cadre backup manifest (version 1)")
    if manifest.get("engine") not in {"postgresql", "sqlite"} or not isinstance(
        manifest.get("tables"), dict
    ):
        raise BackupError(f"the manifest {mpath} is incomplete (engine, tables)")
    return manifest


def restore_drill(
    backup: Path, *, into: str | None = None, jobs: int = 2, keep: bool = False
) -> DrillReport:
    """Restore ``backup`` into a fresh database, verify its audit chains and compare every
    table with the manifest. Raises ``BackupError`` when the backup cannot be read at all."""
    backup = backup.resolve()
    manifest = manifest_read(backup)
    engine = manifest["engine"]
    file_ok = backup.stat().st_size == manifest.get("size") and _sha256(backup) == manifest.get(
        "sha256"
    )
    keys = [t for t, v in manifest["tables"].items() if "checksum" in v]
    columns = {t: v["columns"] for t, v in manifest["tables"].items() if "columns" in v}
    if engine == "postgresql":
        # The fresh database goes to the server of DATABASE_URL (else libpq's PG* defaults).
        source = Database.from_settings()
        base = source if source.engine == "postgresql" else Database("postgresql", "")
        stamp = f"{datetime.now(UTC):%Y%m%d%H%M%S}_{secrets.token_hex(2)}"
        name = into or f"{manifest['database'][:30]}_drill_{stamp}"
        target = base.other(name)
        with _pg_restored(backup, target, jobs=jobs, keep=keep) as restore_seconds:
            report = DrillReport(backup, engine, name, file_ok, restore_seconds=restore_seconds)
            _verify_and_compare(report, target, manifest, keys, columns)
    else:
        with _sqlite_restored(backup, into, keep=keep) as (target, restore_seconds):
            report = DrillReport(
                backup, engine, target.name, file_ok, restore_seconds=restore_seconds
            )
            _verify_and_compare(report, target, manifest, keys, columns)
    return report


@contextmanager
def _pg_restored(backup: Path, target: Database, *, jobs: int, keep: bool) -> Iterator[float]:
    env = target.pg_env()
    listed = subprocess.run(  # noqa: S603
        [_tool("pg_restore"), "--list", str(backup)], env=env, capture_output=True, text=True
    )
    if listed.returncode:
        raise BackupError(
            f"{backup} is not a readable pg_dump archive: {listed.stderr.strip() or 'unknown'}"
        )
    made = subprocess.run(  # noqa: S603
        [_tool("createdb"), target.name], env=env, capture_output=True, text=True
    )
    if made.returncode:
        raise BackupError(f"createdb {target.name} failed: {made.stderr.strip()}")
    try:
        started = time.perf_counter()
        restored = subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                f"--jobs={max(1, jobs)}",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={target.name}",
                str(backup),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if restored.returncode:
            raise BackupError(f"pg_restore of {backup} failed: {restored.stderr.strip()}")
        yield time.perf_counter() - started
    finally:
        if not keep:
            subprocess.run(  # noqa: S603
                [_tool("dropdb"), "--if-exists", "--force", target.name],
                env=env,
                capture_output=True,
            )


@contextmanager
def _sqlite_restored(
    backup: Path, into: str | None, *, keep: bool
) -> Iterator[tuple[Database, float]]:
    workdir = Path(tempfile.mkdtemp(prefix="cadre-drill-"))
    path = Path(into).resolve() if into else workdir / "restored.sqlite3"
    if path.exists():
        shutil.rmtree(workdir, ignore_errors=True)
        raise BackupError(f"{path} exists already; the drill restores into a new file")
    try:
        started = time.perf_counter()
        shutil.copyfile(backup, path)
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                (check,) = conn.execute("PRAGMA quick_check").fetchone()
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{backup} is not a readable SQLite database: {exc}") from exc
        if check != "ok":
            raise BackupError(f"{backup} fails SQLite's integrity check: {check}")
        yield Database("sqlite", str(path)), time.perf_counter() - started
    finally:
        if not keep:
            path.unlink(missing_ok=True)
        if into or not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _audit_verify(target: Database) -> tuple[bool, str]:
    """``cadre audit-verify`` in a process of its own, on the restored database."""
    env = dict(os.environ)
    env["DATABASE_URL"] = target.url()
    done = subprocess.run(
        [sys.executable, "-m", "cadre.cli", "audit-verify"],
        env=env,
        capture_output=True,
        text=True,
    )
    output = (done.stdout + done.stderr).strip()
    return done.returncode == 0, output


def _verify_and_compare(
    report: DrillReport,
    target: Database,
    manifest: dict[str, Any],
    keys: list[str],
    columns: dict[str, list[str]],
) -> None:
    started = time.perf_counter()
    report.audit_ok, report.audit_output = _audit_verify(target)
    report.verify_seconds = time.perf_counter() - started
    started = time.perf_counter()
    if target.engine == "postgresql":
        conn = target.pg_connect()
        try:
            restored = figures_pg(conn, keys, columns)
        finally:
            conn.close()
    else:
        sconn = _sqlite_connect(Path(target.name))
        try:
            restored = figures_sqlite(sconn, keys, columns)
        finally:
            sconn.close()
    report.compare_seconds = time.perf_counter() - started
    names = sorted(set(manifest["tables"]) | set(restored))
    for table in names:
        source = manifest["tables"].get(table, {"rows": -1})
        got = restored.get(table, TableFigures(-1))
        report.comparisons.append(
            Comparison(
                table=table,
                source_rows=int(source["rows"]),
                restored_rows=got.rows,
                source_checksum=source.get("checksum"),
                restored_checksum=got.checksum if "checksum" in source else None,
            )
        )
