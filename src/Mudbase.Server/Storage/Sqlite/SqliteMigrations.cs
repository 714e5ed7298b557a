namespace Mudbase.Server.Storage.Sqlite;

/// <summary>Versioned schema. A version is never edited once released; changes go in a new one.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<(int Version, string Sql)> All { get; } =
    [
        (1, """
            CREATE TABLE orgs (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at INTEGER NOT NULL);
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                created_at INTEGER NOT NULL);
            CREATE TABLE memberships (
                user_id TEXT NOT NULL REFERENCES users(id),
                org_id TEXT NOT NULL REFERENCES orgs(id),
                role TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, org_id));
            CREATE TABLE refresh_tokens (
                token_hash TEXT PRIMARY KEY,
                family_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                org_id TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                consumed_at INTEGER,
                revoked_at INTEGER);
            CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
            CREATE TABLE log_heads (
                org_id TEXT PRIMARY KEY,
                size INTEGER NOT NULL,
                frontier BLOB NOT NULL,
                root BLOB NOT NULL);
            CREATE TABLE events (
                org_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                severity TEXT NOT NULL,
                recorded_at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                source TEXT,
                leaf_hash BLOB NOT NULL,
                commitments TEXT NOT NULL,
                PRIMARY KEY (org_id, seq)) WITHOUT ROWID;
            CREATE UNIQUE INDEX ux_events_id ON events (id);
            CREATE INDEX ix_events_time ON events (org_id, recorded_at, seq);
            CREATE INDEX ix_events_type ON events (org_id, event_type, seq);
            CREATE INDEX ix_events_severity ON events (org_id, severity, seq);
            CREATE INDEX ix_events_actor ON events (org_id, actor, seq);
            CREATE TABLE event_details (
                event_id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                user_id TEXT,
                ip_address TEXT,
                resource TEXT,
                secrets TEXT NOT NULL);
            CREATE INDEX ix_event_details_user ON event_details (org_id, user_id, seq) WHERE user_id IS NOT NULL;
            CREATE INDEX ix_event_details_ip ON event_details (org_id, ip_address, seq) WHERE ip_address IS NOT NULL;
            CREATE INDEX ix_event_details_resource ON event_details (org_id, resource, seq) WHERE resource IS NOT NULL;
            CREATE TABLE checkpoints (
                org_id TEXT NOT NULL,
                tree_size INTEGER NOT NULL,
                root BLOB NOT NULL,
                note TEXT NOT NULL,
                signed_at INTEGER NOT NULL,
                PRIMARY KEY (org_id, tree_size)) WITHOUT ROWID;
            CREATE TABLE tree_nodes (
                org_id TEXT NOT NULL,
                level INTEGER NOT NULL,
                idx INTEGER NOT NULL,
                hash BLOB NOT NULL,
                PRIMARY KEY (org_id, level, idx)) WITHOUT ROWID;
            """),
        (2, """
            CREATE INDEX ix_memberships_org ON memberships (org_id, role);
            CREATE TABLE invites (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id),
                email TEXT NOT NULL,
                role TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                invited_by TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                accepted_at INTEGER,
                accepted_by TEXT);
            CREATE INDEX ix_invites_org ON invites (org_id, created_at);
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL REFERENCES orgs(id),
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER,
                last_used_at INTEGER,
                revoked_at INTEGER);
            CREATE INDEX ix_api_keys_org ON api_keys (org_id, created_at);
            """),
        // Event queries: type and severity together in sequence order, and a map from recordedAt to sequence
        // numbers. Each append transaction adds one mark per organisation: its sequence range, the highest
        // recordedAt committed so far (never decreasing) and the largest lag of an event behind it. Together they
        // bound the sequence numbers of any recordedAt window exactly, though recordedAt is not strictly in sequence
        // order. The log written before this version gets one mark covering all of it.
        (3, """
            CREATE INDEX ix_events_type_severity ON events (org_id, event_type, severity, seq);
            CREATE TABLE event_time_marks (
                org_id TEXT NOT NULL,
                first_seq INTEGER NOT NULL,
                last_seq INTEGER NOT NULL,
                max_recorded_at INTEGER NOT NULL,
                max_lag INTEGER NOT NULL,
                PRIMARY KEY (org_id, first_seq)) WITHOUT ROWID;
            CREATE INDEX ix_event_time_marks_time ON event_time_marks (org_id, max_recorded_at, first_seq);
            INSERT INTO event_time_marks (org_id, first_seq, last_seq, max_recorded_at, max_lag)
                SELECT org_id, MIN(seq), MAX(seq), MAX(recorded_at), MAX(recorded_at) - MIN(recorded_at)
                FROM events GROUP BY org_id;
            """),
        // Idempotency keys: the response given to a key, written in the transaction that appended its events.
        (4, """
            CREATE TABLE idempotency_keys (
                org_id TEXT NOT NULL,
                principal TEXT NOT NULL,
                idem_key TEXT NOT NULL,
                fingerprint BLOB NOT NULL,
                status INTEGER NOT NULL,
                response TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (org_id, principal, idem_key)) WITHOUT ROWID;
            CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (expires_at);
            """),
        // The official contract's shapes: an organisation's slug and profile, and an API key's request counter,
        // active flag and declared rate limit. A slug left null (organisations created before this version) is
        // derived from the name when read and kept when the organisation is renamed.
        (5, """
            ALTER TABLE orgs ADD COLUMN slug TEXT;
            ALTER TABLE orgs ADD COLUMN description TEXT;
            ALTER TABLE orgs ADD COLUMN website TEXT;
            ALTER TABLE orgs ADD COLUMN updated_at INTEGER;
            ALTER TABLE api_keys ADD COLUMN request_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE api_keys ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE api_keys ADD COLUMN rate_limit_requests INTEGER;
            ALTER TABLE api_keys ADD COLUMN rate_limit_window INTEGER;
            ALTER TABLE api_keys ADD COLUMN updated_at INTEGER;
            """),
        // Strong authentication and compliance records: TOTP second factors (the secret, and the last time step
        // accepted so a code is never accepted twice), hashed one-time recovery codes, short-lived sign-in
        // challenges, per-user sign-in facts, and per-organisation policy (roles that must use two-factor sign-in,
        // the editable parts of the Article 30 record).
        (6, """
            CREATE TABLE user_mfa (
                user_id TEXT PRIMARY KEY REFERENCES users(id),
                secret TEXT NOT NULL,
                enabled_at INTEGER,
                last_step INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE mfa_recovery_codes (
                user_id TEXT NOT NULL REFERENCES users(id),
                code_hash TEXT NOT NULL,
                used_at INTEGER,
                PRIMARY KEY (user_id, code_hash)) WITHOUT ROWID;
            CREATE TABLE mfa_challenges (
                id_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                org_id TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER);
            CREATE TABLE user_profiles (
                user_id TEXT PRIMARY KEY REFERENCES users(id),
                avatar TEXT,
                last_sign_in_at INTEGER,
                password_changed_at INTEGER);
            CREATE TABLE org_policies (
                org_id TEXT PRIMARY KEY REFERENCES orgs(id),
                require_mfa_roles TEXT NOT NULL DEFAULT '',
                processing_profile TEXT);
            """),
        // Data-subject rights: erased accounts, each organisation's privacy settings (the key of its subject hashes,
        // retention, extra personal detail keys), legal holds, and the record of every erasure.
        (7, """
            ALTER TABLE users ADD COLUMN erased_at INTEGER;
            CREATE TABLE privacy_settings (
                org_id TEXT PRIMARY KEY,
                subject_key BLOB NOT NULL,
                retention_days INTEGER,
                personal_keys TEXT NOT NULL DEFAULT '',
                updated_at INTEGER NOT NULL);
            CREATE TABLE legal_holds (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                subject_id TEXT,
                from_at INTEGER,
                to_at INTEGER,
                reason TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                released_at INTEGER,
                released_by TEXT);
            CREATE INDEX ix_legal_holds_org ON legal_holds (org_id, created_at);
            CREATE TABLE erasures (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                subject_hash TEXT,
                scope TEXT NOT NULL,
                requested_by TEXT NOT NULL,
                erased_at INTEGER NOT NULL,
                events INTEGER NOT NULL,
                details INTEGER NOT NULL,
                held_back INTEGER NOT NULL,
                receipt_event_id TEXT);
            CREATE INDEX ix_erasures_org ON erasures (org_id, erased_at);
            """),
        // Health: the write probe inserts and deletes a row of a few pages, so a full disk or a read-only file shows.
        (8, """
            CREATE TABLE write_probes (id TEXT PRIMARY KEY, payload BLOB NOT NULL, written_at INTEGER NOT NULL);
            """),
        // The tree as C2SP tlog-tiles (see TileLayout): one row per 256 hashes of a tile level instead of a row per
        // node. Existing logs convert in place: level 0 from the events' leaf hashes, higher levels from the stored
        // nodes of heights 8, 16, …; the nodes in between are recomputed from tiles, so the node rows go.
        (9, """
            CREATE TABLE tree_tiles (
                org_id TEXT NOT NULL,
                level INTEGER NOT NULL,
                idx INTEGER NOT NULL,
                hashes BLOB NOT NULL,
                PRIMARY KEY (org_id, level, idx));
            INSERT INTO tree_tiles (org_id, level, idx, hashes)
                SELECT org_id, 0, (seq - 1) / 256, unhex(group_concat(hex(leaf_hash), '' ORDER BY seq))
                FROM events GROUP BY org_id, (seq - 1) / 256;
            INSERT INTO tree_tiles (org_id, level, idx, hashes)
                SELECT org_id, level / 8, idx / 256, unhex(group_concat(hex(hash), '' ORDER BY idx))
                FROM tree_nodes WHERE level % 8 = 0 GROUP BY org_id, level, idx / 256;
            DROP TABLE tree_nodes;
            """),
        // Webhooks and SIEM forwarding: subscriptions with their delivery cursor and lease, the attempts made, and
        // the deliveries given up on (dead letters).
        (10, """
            CREATE TABLE webhooks (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                url TEXT NOT NULL,
                description TEXT,
                event_types TEXT NOT NULL,
                min_severity TEXT,
                detail_match TEXT,
                enabled INTEGER NOT NULL,
                format TEXT NOT NULL,
                secret TEXT,
                previous_secret TEXT,
                previous_secret_until INTEGER,
                status TEXT NOT NULL,
                delivered_seq INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL,
                first_failure_at INTEGER,
                last_error TEXT,
                lease_owner TEXT,
                lease_until INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL);
            CREATE INDEX ix_webhooks_org ON webhooks (org_id, created_at);
            CREATE INDEX ix_webhooks_due ON webhooks (enabled, next_attempt_at);
            CREATE TABLE webhook_attempts (
                id TEXT PRIMARY KEY,
                webhook_id TEXT NOT NULL,
                seq INTEGER,
                message_id TEXT NOT NULL,
                attempted_at INTEGER NOT NULL,
                succeeded INTEGER NOT NULL,
                status_code INTEGER,
                latency_ms INTEGER NOT NULL,
                error TEXT,
                response_excerpt TEXT);
            CREATE INDEX ix_webhook_attempts_webhook ON webhook_attempts (webhook_id, attempted_at);
            CREATE TABLE webhook_dead_letters (
                webhook_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                event_id TEXT NOT NULL,
                failed_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL,
                last_error TEXT,
                PRIMARY KEY (webhook_id, seq));
            """),
        // Detection rules: each organisation's rules, and per organisation the evaluation cursor on the log, the
        // rules' window state and the lease that lets one node at a time evaluate it. Logs that exist already start
        // at their head, so upgrading does not raise detections for history.
        (11, """
            CREATE TABLE detection_rules (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                definition TEXT NOT NULL,
                built_in TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL);
            CREATE INDEX ix_detection_rules_org ON detection_rules (org_id, created_at);
            CREATE TABLE rule_cursors (
                org_id TEXT PRIMARY KEY,
                last_seq INTEGER NOT NULL,
                state TEXT NOT NULL,
                rules_seeded INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT,
                lease_until INTEGER NOT NULL DEFAULT 0,
                updated_at INTEGER NOT NULL);
            INSERT INTO rule_cursors (org_id, last_seq, state, updated_at)
                SELECT org_id, MAX(seq), '{}', 0 FROM events GROUP BY org_id;
            """),
        // Rows that append (docs/ARCHITECTURE.md "Data layout"): event_details keyed by (org_id, seq) like events, so a
        // batch appends to both; the detail indexes (userId, ipAddress, resource), whose entries a batch scattered over
        // the whole of each index, replaced by event_terms, written behind the log in large sorted runs by the event
        // indexer in runs recorded in event_index_runs (the last run's last_seq is the watermark). Existing rows are
        // copied and fully indexed. ix_events_type goes too: a type alone is read through ix_events_type_severity,
        // one arm per severity (there are four), so a batch no longer writes a third type index.
        (12, """
            CREATE TABLE event_details_by_seq (
                org_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                user_id TEXT,
                ip_address TEXT,
                resource TEXT,
                secrets TEXT NOT NULL,
                PRIMARY KEY (org_id, seq)) WITHOUT ROWID;
            INSERT INTO event_details_by_seq (org_id, seq, user_id, ip_address, resource, secrets)
                SELECT org_id, seq, user_id, ip_address, resource, secrets FROM event_details ORDER BY org_id, seq;
            DROP TABLE event_details;
            ALTER TABLE event_details_by_seq RENAME TO event_details;
            CREATE TABLE event_index_runs (
                org_id TEXT NOT NULL,
                first_seq INTEGER NOT NULL,
                last_seq INTEGER NOT NULL,
                PRIMARY KEY (org_id, first_seq)) WITHOUT ROWID;
            INSERT INTO event_index_runs (org_id, first_seq, last_seq) SELECT org_id, MIN(seq), MAX(seq) FROM events GROUP BY org_id;
            CREATE TABLE event_terms (
                org_id TEXT NOT NULL,
                run INTEGER NOT NULL,
                field INTEGER NOT NULL,
                value TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (org_id, run, field, value, seq)) WITHOUT ROWID;
            INSERT INTO event_terms (org_id, run, field, value, seq)
                SELECT d.org_id, r.first_seq, 1, d.user_id, d.seq FROM event_details d JOIN event_index_runs r ON r.org_id = d.org_id
                WHERE d.user_id IS NOT NULL
                UNION ALL SELECT d.org_id, r.first_seq, 2, d.ip_address, d.seq FROM event_details d JOIN event_index_runs r ON r.org_id = d.org_id
                WHERE d.ip_address IS NOT NULL
                UNION ALL SELECT d.org_id, r.first_seq, 3, d.resource, d.seq FROM event_details d JOIN event_index_runs r ON r.org_id = d.org_id
                WHERE d.resource IS NOT NULL
                ORDER BY 1, 2, 3, 4, 5;
            DROP INDEX ix_events_type;
            """),
        // Binary details (docs/ARCHITECTURE.md "Data layout", DetailCodec): commitments and salts stored as bytes instead of
        // JSON text with base64, about half the size. Existing rows convert in place through the functions the migrator
        // registers for this version (SqliteDetailFunctions), which keep every key, value text, commitment and salt.
        (14, """
            UPDATE events SET commitments = mudbase_stored_commitments(commitments) WHERE typeof(commitments) = 'text';
            UPDATE event_details SET secrets = mudbase_stored_openings(secrets) WHERE typeof(secrets) = 'text';
            """),
        // The event row's indexes behind the log too (docs/ARCHITECTURE.md "Data layout"): type × severity, severity and
        // actor become event_terms fields 4, 5 and 6, written by the event indexer in its runs, so a commit no longer
        // scatters entries over ~32 type × severity insertion points. The entries of the events already indexed are
        // written into their runs here; the events past the watermark stay the tail, which queries read from events.
        (16, """
            INSERT INTO event_terms (org_id, run, field, value, seq)
                SELECT e.org_id, r.first_seq, 4, e.severity || ':' || e.event_type, e.seq
                FROM event_index_runs r JOIN events e ON e.org_id = r.org_id AND e.seq BETWEEN r.first_seq AND r.last_seq
                UNION ALL SELECT e.org_id, r.first_seq, 5, e.severity, e.seq
                FROM event_index_runs r JOIN events e ON e.org_id = r.org_id AND e.seq BETWEEN r.first_seq AND r.last_seq
                UNION ALL SELECT e.org_id, r.first_seq, 6, e.actor, e.seq
                FROM event_index_runs r JOIN events e ON e.org_id = r.org_id AND e.seq BETWEEN r.first_seq AND r.last_seq
                ORDER BY 1, 2, 3, 4, 5;
            DROP INDEX ix_events_type_severity;
            DROP INDEX ix_events_severity;
            DROP INDEX ix_events_actor;
            """),
        // No index over event ids (docs/ARCHITECTURE.md "Data layout"): an id starts with its recorded_at in milliseconds,
        // so a lookup by id reads that millisecond of ix_events_time (EventById). Uniqueness rests on the ids' 80 random
        // bits within one organisation's millisecond, as it always did in practice. A downgrade recreates the index.
        (17, """
            DROP INDEX IF EXISTS ux_events_id;
            """),
        // Posting lists (docs/ARCHITECTURE.md "Data layout"): event_terms, one row per indexed value of each event, becomes
        // event_postings, one row per run, field and value holding the value's sequence numbers as varint gaps, cut into
        // parts of at most 640 bytes (PostingLists). The runs are emptied: every event is the tail, read from the rows,
        // until the event indexer has written the lists again in the background.
        (18, """
            CREATE TABLE event_postings (
                org_id TEXT NOT NULL,
                run INTEGER NOT NULL,
                field INTEGER NOT NULL,
                value TEXT NOT NULL,
                first_seq INTEGER NOT NULL,
                last_seq INTEGER NOT NULL,
                gaps BLOB NOT NULL,
                PRIMARY KEY (org_id, run, field, value, first_seq)) WITHOUT ROWID;
            DROP TABLE event_terms;
            DELETE FROM event_index_runs;
            """),
    ];
}
