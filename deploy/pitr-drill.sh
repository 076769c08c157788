#!/bin/sh
# Point-in-time recovery, proven on a throwaway PostgreSQL cluster (docs/backups.md):
# WAL archiving on, a base backup, rows written after it, the cluster lost, then a recovery
# from the base backup + the WAL archive to the moment before the last write.
# Run as root (the cluster runs as postgres) or as postgres. Touches only $ROOT and $PORT.
set -eu
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PITR_PORT:-18643}
ROOT=${CADRE_DATA_DIR:-$PWD/var}/pitr
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { psql -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "$1"; }
stop() { for d in primary recovered; do
    [ -f "$ROOT/$d/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$ROOT/$d" -m fast -w stop >/dev/null || true
done; }

stop 2>/dev/null || true
rm -rf "$ROOT"
mkdir -p "$ROOT/archive"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$ROOT"
trap stop EXIT

echo "1. a cluster on port $PORT with WAL archiving"
as_pg "$BIN/initdb" -D "$ROOT/primary" -U postgres --auth=trust >/dev/null
cat >> "$ROOT/primary/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ROOT'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ROOT/archive/%f && cp %p $ROOT/archive/%f.tmp && mv $ROOT/archive/%f.tmp $ROOT/archive/%f'
archive_timeout = 60
max_wal_senders = 10
CONF
as_pg "$BIN/pg_ctl" -D "$ROOT/primary" -l "$ROOT/primary.log" -w start >/dev/null
sql "CREATE TABLE drill (id int PRIMARY KEY, note text); INSERT INTO drill VALUES (1, 'before the base backup')"

echo "2. a base backup, verified"
as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$ROOT/base" -Fp -X stream \
    -c fast --manifest-checksums=SHA256
as_pg "$BIN/pg_verifybackup" "$ROOT/base"

echo "3. writes after the base backup; the target time; one write after it"
sql "INSERT INTO drill VALUES (2, 'after the base backup')"
sleep 1
TARGET=$(sql "SELECT now()")
sleep 1
sql "INSERT INTO drill VALUES (3, 'after the target: must not come back')"
SEGMENT=$(sql "SELECT pg_walfile_name(pg_switch_wal())")
i=0
until [ -f "$ROOT/archive/$SEGMENT" ]; do i=$((i + 1)); [ $i -lt 60 ] || { echo "not archived"; exit 1; }; sleep 1; done
echo "   target $TARGET; segment $SEGMENT archived"

echo "4. the cluster is lost; recovery from the base backup and the archive"
as_pg "$BIN/pg_ctl" -D "$ROOT/primary" -m immediate -w stop >/dev/null
as_pg cp -a "$ROOT/base" "$ROOT/recovered"
cat >> "$ROOT/recovered/postgresql.auto.conf" <<CONF
archive_mode = off
restore_command = 'cp $ROOT/archive/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
CONF
as_pg touch "$ROOT/recovered/recovery.signal"
as_pg "$BIN/pg_ctl" -D "$ROOT/recovered" -l "$ROOT/recovered.log" -w -t 120 start >/dev/null
i=0
until [ "$(sql 'SELECT pg_is_in_recovery()')" = f ]; do i=$((i + 1)); [ $i -lt 120 ] || { echo "still recovering"; exit 1; }; sleep 1; done

GOT=$(sql "SELECT string_agg(id::text, ',' ORDER BY id) FROM drill")
echo "5. recovered rows: $GOT (expected 1,2)"
[ "$GOT" = "1,2" ] || { echo "PITR DRILL FAILED"; exit 1; }
echo "PITR DRILL PASSED"
