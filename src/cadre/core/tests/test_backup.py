"""``cadre backup`` and ``cadre restore-drill``: a backup restores into a fresh database whose
audit chains verify and whose key tables match the manifest, row for row."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from cadre.cli import main
from cadre.core.backup import Database, _h64, backup_create, manifest_path, restore_drill
from cadre.core.testing.world import World, build_world

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def tworld(transactional_db: Any) -> World:
    """A world committed to the database, so that pg_dump and the copy see it."""
    return build_world()


def _org_count() -> int:
    from cadre.orgs.models import Organisation

    return Organisation.objects.count()


def _drill(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["restore-drill", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_backup_and_drill_round_trip(
    tworld: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / ("world.dump" if POSTGRES else "world.sqlite3")
    assert main(["backup", "--output", str(path)]) == 0
    assert f"backup:   {path}" in capsys.readouterr().out
    manifest = json.loads(manifest_path(path).read_text())
    assert manifest["engine"] == ("postgresql" if POSTGRES else "sqlite")
    orgs = manifest["tables"]["orgs_organisation"]
    assert orgs["rows"] == _org_count() == 5
    assert len(orgs["checksum"]) == 16
    assert "name" in orgs["columns"]
    assert manifest["tables"]["core_auditevent"]["rows"] >= 5
    # It holds every personal record and password hash: readable by its owner only.
    assert path.stat().st_mode & 0o777 == 0o600
    assert manifest_path(path).stat().st_mode & 0o777 == 0o600

    code, out, err = _drill(path, capsys)
    assert (code, err) == (0, ""), out
    assert "RESTORE DRILL PASSED: every table matches its manifest" in out
    assert "audit-verify: OK" in out
    assert "chain main: OK" in out
    line = next(x for x in out.splitlines() if x.startswith("orgs_organisation "))
    assert line.split()[1:4] == ["5", "5", orgs["checksum"]]
    if POSTGRES:  # the fresh database is dropped after the drill
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_database WHERE datname LIKE '%%_drill_%%'")
            assert cur.fetchone()[0] == 0


def test_a_changed_row_fails_the_drill_naming_the_table(
    tworld: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / ("world.dump" if POSTGRES else "world.sqlite3")
    backup_create(output=path)
    if POSTGRES:
        # The same database dumped again after one row changed, under the old manifest.
        with connection.cursor() as cur:
            cur.execute("UPDATE orgs_organisation SET name = 'Body Z' WHERE code = 'BODY_B'")
        db = Database.from_settings()
        subprocess.run(["pg_dump", "-Fc", "-f", str(path)], env=db.pg_env(), check=True)
    else:
        copy = sqlite3.connect(path)
        copy.execute("UPDATE orgs_organisation SET name = 'Body Z' WHERE code = 'BODY_B'")
        copy.commit()
        copy.close()
    code, out, _err = _drill(path, capsys)
    assert code == 1
    assert "file:     sha256 DIFFERS from the manifest" in out
    line = next(x for x in out.splitlines() if x.startswith("orgs_organisation "))
    assert line.split()[1:3] == ["5", "5"]
    assert "MISMATCH" in line
    assert "RESTORE DRILL FAILED: the file differs from its manifest; tables differ: " in out
    assert out.rstrip().endswith("tables differ: orgs_organisation")


def test_a_missing_or_corrupt_backup_is_refused(
    tworld: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _drill(tmp_path / "none.dump", capsys)
    assert (code, out) == (2, "")
    assert err == f"cadre restore-drill: no backup file at {tmp_path / 'none.dump'}\n"

    path = tmp_path / "world.bak"
    backup_create(output=path)
    manifest = manifest_path(path)
    saved = manifest.read_text()
    manifest.unlink()
    code, out, err = _drill(path, capsys)
    assert code == 2
    assert err == f"cadre restore-drill: no manifest beside the backup: {manifest} is missing\n"

    manifest.write_text(saved)
    path.write_bytes(b"not a backup at all\n" * 100)
    code, out, err = _drill(path, capsys)
    assert (code, out) == (2, "")
    kind = "pg_dump archive" if POSTGRES else "SQLite database"
    assert err.startswith(f"cadre restore-drill: {path} is not a readable {kind}: ")

    if not POSTGRES:  # --into an existing file is refused, and the file is left alone
        live = tmp_path / "live.sqlite3"
        live.write_bytes(b"the site's database")
        code = main(["restore-drill", str(path), "--into", str(live)])
        out, err = capsys.readouterr()
        assert code == 2
        assert err == (
            f"cadre restore-drill: {live} exists already; the drill restores into a new file\n"
        )
        assert live.read_bytes() == b"the site's database"

    manifest.write_text("{broken")
    code, out, err = _drill(path, capsys)
    assert code == 2
    assert err.startswith(f"cadre restore-drill: the manifest {manifest} cannot be read: ")


@pytest.mark.skipif(POSTGRES, reason="the embedded SQLite mode's online backup")
def test_sqlite_online_backup_while_the_site_writes(tworld: World, tmp_path: Path) -> None:
    from django.db import connections

    from cadre.core.choices import AuditSource
    from cadre.orgs import services as org_services
    from cadre.orgs.choices import OrgKind

    written = [0]
    stop = threading.Event()
    progress = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                n = written[0]
                org_services.organisation_create(
                    actor=tworld.admin,
                    name=f"Unit W{n}",
                    code=f"W{n}",
                    kind=OrgKind.UNIT,
                    parent=tworld.body_a,
                    source=AuditSource.SYSTEM,
                )
                written[0] = n + 1
                if n + 1 >= 5:
                    progress.set()
        except BaseException as exc:
            failures.append(exc)
            progress.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert progress.wait(60)
        result = backup_create(output=tmp_path / "online.sqlite3")
        at_backup = written[0]
        while written[0] < at_backup + 3 and not failures:
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join(60)
    assert failures == []
    manifest = json.loads(result.manifest.read_text())
    copied = manifest["tables"]["orgs_organisation"]["rows"]
    # The copy holds the world and some of the writes, not all: it was made while writing.
    assert 5 + 5 <= copied < _org_count()
    copy = sqlite3.connect(result.path)
    assert copy.execute("SELECT count(*) FROM orgs_organisation").fetchone()[0] == copied
    copy.close()
    report = restore_drill(result.path)
    assert report.audit_ok, report.audit_output
    assert report.mismatched == []
    assert report.ok


@pytest.mark.skipif(not POSTGRES, reason="the checksum's PostgreSQL half")
def test_one_checksum_definition_on_both_engines(db: Any) -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT ('x' || left(md5(%s), 16))::bit(64)::bigint", ["Body A|1|\\N"])
        assert cur.fetchone()[0] == _h64("Body A|1|\\N")
