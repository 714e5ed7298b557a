namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Versioned schema, the same tables as the SQLite one. A version is never edited once released; changes go in a
/// new one. Times are Unix milliseconds (bigint) as in SQLite, so both providers share their row mapping.
/// </summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<(int Version, string Sql)> All { get; } =
    [
        (1, """
            CREATE TABLE orgs (
                id text PRIMARY KEY,
                name text NOT NULL,
                created_at bigint NOT NULL);
            CREATE TABLE users (
                id text PRIMARY KEY,
                email text NOT NULL UNIQUE,
                password_hash text NOT NULL,
                first_name text NOT NULL,
                last_name text NOT NULL,
                created_at bigint NOT NULL);
            CREATE TABLE memberships (
                user_id text NOT NULL REFERENCES users(id),
                org_id text NOT NULL REFERENCES orgs(id),
                role text NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (user_id, org_id));
            CREATE TABLE refresh_tokens (
                token_hash text PRIMARY KEY,
                family_id text NOT NULL,
                user_id text NOT NULL,
                org_id text NOT NULL,
                expires_at bigint NOT NULL,
                consumed_at bigint,
                revoked_at bigint);
            CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
            CREATE TABLE log_heads (
                org_id text PRIMARY KEY,
                size bigint NOT NULL,
                frontier bytea NOT NULL,
                root bytea NOT NULL);
            CREATE TABLE events (
                org_id text NOT NULL,
                seq bigint NOT NULL,
                id text NOT NULL,
                event_type text NOT NULL,
                severity text NOT NULL,
                recorded_at bigint NOT NULL,
                actor text NOT NULL,
                source text,
                leaf_hash bytea NOT NULL,
                commitments text NOT NULL,
                PRIMARY KEY (org_id, seq));
            CREATE UNIQUE INDEX ux_events_id ON events (id);
            CREATE INDEX ix_events_time ON events (org_id, recorded_at, seq);
            CREATE INDEX ix_events_type ON events (org_id, event_type, seq);
            CREATE INDEX ix_events_severity ON events (org_id, severity, seq);
            CREATE INDEX ix_events_actor ON events (org_id, actor, seq);
            CREATE TABLE event_details (
                event_id text PRIMARY KEY,
                org_id text NOT NULL,
                seq bigint NOT NULL,
                user_id text,
                ip_address text,
                resource text,
                secrets text NOT NULL);
            CREATE INDEX ix_event_details_user ON event_details (org_id, user_id, seq) WHERE user_id IS NOT NULL;
            CREATE INDEX ix_event_details_ip ON event_details (org_id, ip_address, seq) WHERE ip_address IS NOT NULL;
            CREATE INDEX ix_event_details_resource ON event_details (org_id, resource, seq) WHERE resource IS NOT NULL;
            CREATE TABLE checkpoints (
                org_id text NOT NULL,
                tree_size bigint NOT NULL,
                root bytea NOT NULL,
                note text NOT NULL,
                signed_at bigint NOT NULL,
                PRIMARY KEY (org_id, tree_size));
            CREATE TABLE tree_nodes (
                org_id text NOT NULL,
                level integer NOT NULL,
                idx bigint NOT NULL,
                hash bytea NOT NULL,
                PRIMARY KEY (org_id, level, idx));
            """),
        (2, """
            CREATE INDEX ix_memberships_org ON memberships (org_id, role);
            CREATE TABLE invites (
                id text PRIMARY KEY,
                org_id text NOT NULL REFERENCES orgs(id),
                email text NOT NULL,
                role text NOT NULL,
                token_hash text NOT NULL UNIQUE,
                invited_by text NOT NULL,
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL,
                accepted_at bigint,
                accepted_by text);
            CREATE INDEX ix_invites_org ON invites (org_id, created_at);
            CREATE TABLE api_keys (
                id text PRIMARY KEY,
                org_id text NOT NULL REFERENCES orgs(id),
                name text NOT NULL,
                prefix text NOT NULL,
                key_hash text NOT NULL UNIQUE,
                scopes text NOT NULL,
                created_by text NOT NULL,
                created_at bigint NOT NULL,
                expires_at bigint,
                last_used_at bigint,
                revoked_at bigint);
            CREATE INDEX ix_api_keys_org ON api_keys (org_id, created_at);
            """),
        // Type and severity together in sequence order. Time windows need no marks table here: the planner reads
        // ix_events_time directly.
        (3, """
            CREATE INDEX ix_events_type_severity ON events (org_id, event_type, severity, seq);
            """),
        // Idempotency keys: the response given to a key, written in the transaction that appended its events.
        (4, """
            CREATE TABLE idempotency_keys (
                org_id text NOT NULL,
                principal text NOT NULL,
                idem_key text NOT NULL,
                fingerprint bytea NOT NULL,
                status integer NOT NULL,
                response text NOT NULL,
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL,
                PRIMARY KEY (org_id, principal, idem_key));
            CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (expires_at);
            """),
        // The official contract's shapes: an organisation's slug and profile, and an API key's request counter,
        // active flag and declared rate limit. A slug left null (organisations created before this version) is
        // derived from the name when read and kept when the organisation is renamed.
        (5, """
            ALTER TABLE orgs ADD COLUMN slug text;
            ALTER TABLE orgs ADD COLUMN description text;
            ALTER TABLE orgs ADD COLUMN website text;
            ALTER TABLE orgs ADD COLUMN updated_at bigint;
            ALTER TABLE api_keys ADD COLUMN request_count bigint NOT NULL DEFAULT 0;
            ALTER TABLE api_keys ADD COLUMN is_active boolean NOT NULL DEFAULT true;
            ALTER TABLE api_keys ADD COLUMN rate_limit_requests bigint;
            ALTER TABLE api_keys ADD COLUMN rate_limit_window bigint;
            ALTER TABLE api_keys ADD COLUMN updated_at bigint;
            """),
        // Strong authentication and compliance records: TOTP second factors (the secret, and the last time step
        // accepted so a code is never accepted twice), hashed one-time recovery codes, short-lived sign-in
        // challenges, per-user sign-in facts, and per-organisation policy (roles that must use two-factor sign-in,
        // the editable parts of the Article 30 record).
        (6, """
            CREATE TABLE user_mfa (
                user_id text PRIMARY KEY REFERENCES users(id),
                secret text NOT NULL,
                enabled_at bigint,
                last_step bigint NOT NULL DEFAULT 0);
            CREATE TABLE mfa_recovery_codes (
                user_id text NOT NULL REFERENCES users(id),
                code_hash text NOT NULL,
                used_at bigint,
                PRIMARY KEY (user_id, code_hash));
            CREATE TABLE mfa_challenges (
                id_hash text PRIMARY KEY,
                user_id text NOT NULL,
                org_id text NOT NULL,
                expires_at bigint NOT NULL,
                used_at bigint);
            CREATE TABLE user_profiles (
                user_id text PRIMARY KEY REFERENCES users(id),
                avatar text,
                last_sign_in_at bigint,
                password_changed_at bigint);
            CREATE TABLE org_policies (
                org_id text PRIMARY KEY REFERENCES orgs(id),
                require_mfa_roles text NOT NULL DEFAULT '',
                processing_profile text);
            """),
        // Data-subject rights: erased accounts, each organisation's privacy settings (the key of its subject hashes,
        // retention, extra personal detail keys), legal holds, and the record of every erasure.
        (7, """
            ALTER TABLE users ADD COLUMN erased_at bigint;
            CREATE TABLE privacy_settings (
                org_id text PRIMARY KEY,
                subject_key bytea NOT NULL,
                retention_days bigint,
                personal_keys text NOT NULL DEFAULT '',
                updated_at bigint NOT NULL);
            CREATE TABLE legal_holds (
                id text PRIMARY KEY,
                org_id text NOT NULL,
                subject_id text,
                from_at bigint,
                to_at bigint,
                reason text NOT NULL,
                created_by text NOT NULL,
                created_at bigint NOT NULL,
                released_at bigint,
                released_by text);
            CREATE INDEX ix_legal_holds_org ON legal_holds (org_id, created_at);
            CREATE TABLE erasures (
                id text PRIMARY KEY,
                org_id text NOT NULL,
                subject_hash text,
                scope text NOT NULL,
                requested_by text NOT NULL,
                erased_at bigint NOT NULL,
                events bigint NOT NULL,
                details bigint NOT NULL,
                held_back bigint NOT NULL,
                receipt_event_id text);
            CREATE INDEX ix_erasures_org ON erasures (org_id, erased_at);
            """),
        // Health: the write probe inserts and deletes a row, so a full disk or a read-only database shows.
        (8, """
            CREATE TABLE write_probes (id text PRIMARY KEY, payload bytea NOT NULL, written_at bigint NOT NULL);
            """),
        // The tree as C2SP tlog-tiles (see TileLayout): one row per 256 hashes of a tile level instead of a row per
        // node. Existing logs convert in place: level 0 from the events' leaf hashes, higher levels from the stored
        // nodes of heights 8, 16, …; the nodes in between are recomputed from tiles, so the node rows go. Hashes do
        // not compress: the tiles are stored out of line uncompressed.
        (9, """
            CREATE TABLE tree_tiles (
                org_id text NOT NULL,
                level integer NOT NULL,
                idx bigint NOT NULL,
                hashes bytea NOT NULL,
                PRIMARY KEY (org_id, level, idx));
            ALTER TABLE tree_tiles ALTER COLUMN hashes SET STORAGE EXTERNAL;
            INSERT INTO tree_tiles (org_id, level, idx, hashes)
                SELECT org_id, 0, (seq - 1) / 256, string_agg(leaf_hash, ''::bytea ORDER BY seq)
                FROM events GROUP BY org_id, (seq - 1) / 256;
            INSERT INTO tree_tiles (org_id, level, idx, hashes)
                SELECT org_id, level / 8, idx / 256, string_agg(hash, ''::bytea ORDER BY idx)
                FROM tree_nodes WHERE level % 8 = 0 GROUP BY org_id, level, idx / 256;
            DROP TABLE tree_nodes;
            """),
        // Webhooks and SIEM forwarding: subscriptions with their delivery cursor and lease, the attempts made, and
        // the deliveries given up on (dead letters).
        (10, """
            CREATE TABLE webhooks (
                id text PRIMARY KEY,
                org_id text NOT NULL,
                url text NOT NULL,
                description text,
                event_types text NOT NULL,
                min_severity text,
                detail_match text,
                enabled bigint NOT NULL,
                format text NOT NULL,
                secret text,
                previous_secret text,
                previous_secret_until bigint,
                status text NOT NULL,
                delivered_seq bigint NOT NULL,
                attempt bigint NOT NULL,
                next_attempt_at bigint NOT NULL,
                first_failure_at bigint,
                last_error text,
                lease_owner text,
                lease_until bigint NOT NULL,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL);
            CREATE INDEX ix_webhooks_org ON webhooks (org_id, created_at);
            CREATE INDEX ix_webhooks_due ON webhooks (enabled, next_attempt_at);
            CREATE TABLE webhook_attempts (
                id text PRIMARY KEY,
                webhook_id text NOT NULL,
                seq bigint,
                message_id text NOT NULL,
                attempted_at bigint NOT NULL,
                succeeded bigint NOT NULL,
                status_code bigint,
                latency_ms bigint NOT NULL,
                error text,
                response_excerpt text);
            CREATE INDEX ix_webhook_attempts_webhook ON webhook_attempts (webhook_id, attempted_at);
            CREATE TABLE webhook_dead_letters (
                webhook_id text NOT NULL,
                seq bigint NOT NULL,
                event_id text NOT NULL,
                failed_at bigint NOT NULL,
                attempts bigint NOT NULL,
                last_error text,
                PRIMARY KEY (webhook_id, seq));
            """),
        // Detection rules: each organisation's rules, and per organisation the evaluation cursor on the log, the
        // rules' window state and the lease that lets one node at a time evaluate it. Logs that exist already start
        // at their head, so upgrading does not raise detections for history.
        (11, """
            CREATE TABLE detection_rules (
                id text PRIMARY KEY,
                org_id text NOT NULL,
                definition text NOT NULL,
                built_in text,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL);
            CREATE INDEX ix_detection_rules_org ON detection_rules (org_id, created_at);
            CREATE TABLE rule_cursors (
                org_id text PRIMARY KEY,
                last_seq bigint NOT NULL,
                state text NOT NULL,
                rules_seeded bigint NOT NULL DEFAULT 0,
                lease_owner text,
                lease_until bigint NOT NULL DEFAULT 0,
                updated_at bigint NOT NULL);
            INSERT INTO rule_cursors (org_id, last_seq, state, updated_at)
                SELECT org_id, MAX(seq), '{}', 0 FROM events GROUP BY org_id;
            """),
        // Rows that append: see SqliteMigrations version 12.
        (12, """
            ALTER TABLE event_details DROP CONSTRAINT event_details_pkey;
            ALTER TABLE event_details ADD PRIMARY KEY (org_id, seq);
            ALTER TABLE event_details DROP COLUMN event_id;
            DROP INDEX ix_event_details_user;
            DROP INDEX ix_event_details_ip;
            DROP INDEX ix_event_details_resource;
            CREATE TABLE event_index_runs (
                org_id text NOT NULL,
                first_seq bigint NOT NULL,
                last_seq bigint NOT NULL,
                PRIMARY KEY (org_id, first_seq));
            INSERT INTO event_index_runs (org_id, first_seq, last_seq) SELECT org_id, MIN(seq), MAX(seq) FROM events GROUP BY org_id;
            CREATE TABLE event_terms (
                org_id text NOT NULL,
                run bigint NOT NULL,
                field smallint NOT NULL,
                value text NOT NULL,
                seq bigint NOT NULL,
                PRIMARY KEY (org_id, run, field, value, seq));
            INSERT INTO event_terms (org_id, run, field, value, seq)
                SELECT d.org_id, r.first_seq, 1, d.user_id, d.seq FROM event_details d JOIN event_index_runs r ON r.org_id = d.org_id
                WHERE d.user_id IS NOT NULL
                UNION ALL SELECT d.org_id, r.first_seq, 2, d.ip_address, d.seq FROM event_details d JOIN event_index_runs r ON r.org_id = d.org_id
                WHERE d.ip_address IS NOT NULL
                UNION ALL SELECT d.org_id, r.first_seq, 3, d.resource, d.seq FROM event_details d JOIN event_index_runs r ON r.org_id = d.org_id
                WHERE d.resource IS NOT NULL;
            """),
        // The intake of several nodes (docs/ARCHITECTURE.md): requests waiting for their organisation's integrator,
        // oldest first by position, and the outcomes their nodes collect. PostgreSQL only: one process owns a SQLite file.
        (13, """
            CREATE TABLE append_intake (
                request_id uuid PRIMARY KEY,
                position bigint GENERATED ALWAYS AS IDENTITY,
                org_id text NOT NULL,
                events integer NOT NULL,
                queued_at bigint NOT NULL,
                payload bytea NOT NULL);
            CREATE INDEX ix_append_intake_org ON append_intake (org_id, position);
            CREATE INDEX ix_append_intake_queued ON append_intake (queued_at);
            CREATE TABLE append_outcomes (
                request_id uuid PRIMARY KEY,
                first_seq bigint NOT NULL,
                fingerprint bytea,
                status integer,
                response text,
                created_at bigint,
                expires_at bigint,
                settled_at bigint NOT NULL);
            """),
        // Binary details: see SqliteMigrations version 14. The JSON text becomes its UTF-8 bytes here; the migrator then
        // converts those rows to DetailCodec's layout (PostgresDetailConversion) in the same transaction.
        (14, """
            ALTER TABLE events ALTER COLUMN commitments TYPE bytea USING convert_to(commitments, 'UTF8');
            ALTER TABLE event_details ALTER COLUMN secrets TYPE bytea USING convert_to(secrets, 'UTF8');
            """),
        // Intake rows name the node that wrote them, so an integrator's notification wakes only the nodes it settled
        // requests of. Rows queued before carry '' and their notification concerns every node.
        (15, """
            ALTER TABLE append_intake ADD COLUMN IF NOT EXISTS node_id text NOT NULL DEFAULT '';
            """),
        // The event row's indexes behind the log: see SqliteMigrations version 16. ix_events_type goes too (SQLite dropped
        // it in version 12): a type is read one arm per type × severity pair.
        (16, """
            INSERT INTO event_terms (org_id, run, field, value, seq)
                SELECT e.org_id, r.first_seq, 4, e.severity || ':' || e.event_type, e.seq
                FROM event_index_runs r JOIN events e ON e.org_id = r.org_id AND e.seq BETWEEN r.first_seq AND r.last_seq
                UNION ALL SELECT e.org_id, r.first_seq, 5, e.severity, e.seq
                FROM event_index_runs r JOIN events e ON e.org_id = r.org_id AND e.seq BETWEEN r.first_seq AND r.last_seq
                UNION ALL SELECT e.org_id, r.first_seq, 6, e.actor, e.seq
                FROM event_index_runs r JOIN events e ON e.org_id = r.org_id AND e.seq BETWEEN r.first_seq AND r.last_seq;
            DROP INDEX ix_events_type_severity;
            DROP INDEX ix_events_severity;
            DROP INDEX ix_events_actor;
            DROP INDEX ix_events_type;
            """),
        // No index over event ids: see SqliteMigrations version 17.
        (17, """
            DROP INDEX IF EXISTS ux_events_id;
            """),
        // Posting lists (docs/ARCHITECTURE.md "Data layout"): event_terms, one row per indexed value of each event, becomes
        // event_postings, one row per run, field and value holding the value's sequence numbers as varint gaps, cut into
        // parts of at most 640 bytes (PostingLists). The runs are emptied: every event is the tail, read from the rows,
        // until the event indexer has written the lists again in the background.
        (18, """
            CREATE TABLE event_postings (
                org_id text NOT NULL,
                run bigint NOT NULL,
                field smallint NOT NULL,
                value text NOT NULL,
                first_seq bigint NOT NULL,
                last_seq bigint NOT NULL,
                gaps bytea NOT NULL,
                PRIMARY KEY (org_id, run, field, value, first_seq));
            DROP TABLE event_terms;
            DELETE FROM event_index_runs;
            """),
    ];
}
