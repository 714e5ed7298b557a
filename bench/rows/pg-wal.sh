#!/usr/bin/env bash
# WAL bytes one 1000-event append writes into PostgreSQL's events table and each of its indexes, measured with
# pg_current_wal_insert_lsn() around one INSERT of 1000 rows shaped like bench/LoadDriver's (same type and severity
# pools, one actor, time-ordered ids), on a log of EVENTS events: first with every index of the schema, then without
# the type × severity, severity and actor indexes. Each figure twice: right after a CHECKPOINT (every page touched
# is logged as a full page image, the worst case) and again for the next batch (no full page images of pages the
# previous batch touched). Last, without ux_events_id as well (schema version 17: lookups by id read ix_events_time).
#
#   bench/rows/pg-wal.sh "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres"     # EVENTS=240000
#   bench/rows/pg-wal.sh "$(tests/throwaway-postgres.sh start /tmp/pg-bench)"
set -euo pipefail
events=${EVENTS:-240000}
conn=$1
host=$(sed -E 's/.*Host=([^;]*).*/\1/' <<<"$conn"); port=$(sed -E 's/.*Port=([^;]*).*/\1/' <<<"$conn")
user=$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$conn")
db=mudbase_pg_wal_$$
psql() { command psql -X -q -h "$host" -p "$port" -U "$user" -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "CREATE DATABASE $db"
trap 'psql -d postgres -c "DROP DATABASE IF EXISTS $db"' EXIT
psql -d "$db" <<SQL
CREATE TABLE events (org_id text NOT NULL, seq bigint NOT NULL, id text NOT NULL, event_type text NOT NULL,
    severity text NOT NULL, recorded_at bigint NOT NULL, actor text NOT NULL, source text, leaf_hash bytea NOT NULL,
    commitments bytea NOT NULL, PRIMARY KEY (org_id, seq));
CREATE UNIQUE INDEX ux_events_id ON events (id);
CREATE INDEX ix_events_time ON events (org_id, recorded_at, seq);
CREATE INDEX ix_events_type ON events (org_id, event_type, seq);
CREATE INDEX ix_events_severity ON events (org_id, severity, seq);
CREATE INDEX ix_events_actor ON events (org_id, actor, seq);
CREATE INDEX ix_events_type_severity ON events (org_id, event_type, severity, seq);
CREATE FUNCTION batch(first bigint, n int) RETURNS void LANGUAGE sql AS \$\$
  INSERT INTO events SELECT 'org_' || repeat('0', 22), s, 'evt_' || lpad(to_hex(1780000000000 + s), 12, '0') || md5(s::text)::char(10),
    (ARRAY['unauthorized_access_attempt','unauthorized_access_attempt','unauthorized_access_attempt','suspicious_api_activity',
           'suspicious_api_activity','brute_force_attempt','bulk_data_export','mfa_bypass_attempt','admin_privilege_escalation',
           'private_key_export','data_breach_detected'])[1 + floor(random() * 11)::int],
    (ARRAY['low','low','low','low','medium','medium','medium','high','high','critical'])[1 + floor(random() * 10)::int],
    1780000000000 + s, 'key_' || repeat('0', 22), NULL, sha256(s::text::bytea), repeat('x', 330)::bytea
  FROM generate_series(first, first + n - 1) s
\$\$;
SELECT batch(1, $events);
VACUUM ANALYZE events;
SQL
measure() {  # $1: first sequence, $2: label
  psql -d "$db" -At <<SQL
CHECKPOINT;
SELECT pg_current_wal_insert_lsn() AS a \gset
SELECT batch($1, 1000);
SELECT pg_current_wal_insert_lsn() AS b \gset
SELECT batch($1 + 1000, 1000);
SELECT pg_current_wal_insert_lsn() AS c \gset
SELECT '$2: ' || (pg_wal_lsn_diff(:'b', :'a') / 1000)::int || ' B/event after a checkpoint, '
    || (pg_wal_lsn_diff(:'c', :'b') / 1000)::int || ' B/event for the next batch';
SQL
}
measure $((events + 1)) "every index"
psql -d "$db" -c "DROP INDEX ix_events_type_severity; DROP INDEX ix_events_severity; DROP INDEX ix_events_actor"
measure $((events + 2001)) "without type × severity, severity, actor"
psql -d "$db" -c "DROP INDEX ix_events_type"
measure $((events + 4001)) "without ix_events_type too"
psql -d "$db" -c "DROP INDEX ux_events_id"
measure $((events + 6001)) "without ux_events_id too"
