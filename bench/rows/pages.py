#!/usr/bin/env python3
"""Where a batch's bytes go: which B-trees one 1000-event append transaction dirties, and how many pages each.

Builds a database with the server's own migrations (parsed from SqliteMigrations.cs, up to VERSION), fills one
organisation's log with EVENTS events shaped like bench/LoadDriver's batch bodies (same type, severity and detail
pools; rows of the stored size), then appends one more 1000-event batch in one transaction and attributes every page
of the WAL it wrote to its table or index (dbstat). Only the event rows and their indexes are simulated (no tree
tiles, checkpoints or heads: a handful of pages per batch).

    python3 bench/rows/pages.py [EVENTS...]          # default 10000 240000; VERSION=11 (the layout before 12)
    VERSION=14 DEFERRED=1 python3 bench/rows/pages.py 240000    # version 14: binary commitments and openings
    DEFERRED=1 python3 bench/rows/pages.py 240000    # version 12: detail terms written in RUN-event runs behind the log
    VERSION=16 DEFERRED=1 python3 bench/rows/pages.py 240000    # version 16: type × severity, severity, actor too
    VERSION=17 DEFERRED=1 python3 bench/rows/pages.py 240000    # and derived salts: one secret per event, no stored commitments;
                                                                # schema version 17 also drops ux_events_id
    VERSION=18 DEFERRED=1 python3 bench/rows/pages.py 240000    # version 18: the runs as posting lists (event_postings)

What the remaining per-event costs would save (each measured against the same VERSION, the layout otherwise as is):
    WITHOUT=ux_events_id,ix_events_time VERSION=16 DEFERRED=1 python3 bench/rows/pages.py 240000   # indexes dropped
    WITHOUT=ix_events_time VERSION=17 DEFERRED=1 python3 bench/rows/pages.py 240000   # (17 has no ux_events_id to drop)
    LEAF_HASH=0 VERSION=16 DEFERRED=1 python3 bench/rows/pages.py 240000    # rows without leaf_hash (tiles hold it)
    STEADY=66 CHECKPOINT=4000 VERSION=16 DEFERRED=1 python3 bench/rows/pages.py 50000   # written per event, runs included
"""
import base64, os, random, re, shutil, sqlite3, struct, sys, tempfile, time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VERSION = int(os.environ.get("VERSION", "11"))
DEFERRED = os.environ.get("DEFERRED") == "1"
RUN = int(os.environ.get("RUN", "16384"))
# The server stores the authenticated principal as actor: an API key id for the load driver.
ACTOR = os.environ.get("ACTOR", "key_" + "0" * 22)
ORG = os.environ.get("ORG", "org_" + "0" * 22)
WITHOUT = [name for name in os.environ.get("WITHOUT", "").split(",") if name]
LEAF_HASH = os.environ.get("LEAF_HASH", "1") != "0"
BATCH = 1000
TYPES = [("unauthorized_access_attempt", 30), ("suspicious_api_activity", 25), ("brute_force_attempt", 15),
         ("bulk_data_export", 10), ("mfa_bypass_attempt", 8), ("admin_privilege_escalation", 6),
         ("private_key_export", 4), ("data_breach_detected", 2)]
SEVERITIES = [("low", 40), ("medium", 35), ("high", 18), ("critical", 7)]


def migrations():
    text = open(os.path.join(ROOT, "src/Mudbase.Server/Storage/Sqlite/SqliteMigrations.cs")).read()
    return [(int(v), sql) for v, sql in re.findall(r'\((\d+), """(.*?)"""\)', text, re.S) if int(v) <= VERSION]


def pick(rnd, weighted):
    return rnd.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


AGENTS = ["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "okhttp/4.12", "python-requests/2.32", "Go-http-client/2.0"]
ACTIONS = ["login", "read", "export", "delete", "grant", "rotate_key", "download"]
REASONS = ["invalid password", "token expired", "rate limit exceeded", "unusual location", "policy violation"]


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def stored_details(rnd, details):
    """The commitments and openings of one event as the server stores them: JSON text with base64 before version 14,
    DetailCodec's bytes from it (format byte, then key, 32-byte commitment / key, 32-byte salt, value JSON text), and
    from 17 the derived layout (events: the format byte alone; details: format byte, one 32-byte secret, then key,
    value JSON text: salts derived from the secret, commitments recomputed). 17 needs no schema change."""
    if VERSION >= 17:
        return b"\x02", b"\x02" + rnd.randbytes(32) + b"".join(
            varint(len(k)) + k.encode() + varint(len(v.encode())) + v.encode() for k, v in details)
    salts = {k: rnd.randbytes(32) for k, _ in details}
    digests = {k: rnd.randbytes(32) for k, _ in details}
    if VERSION < 14:
        commitments = "{" + ",".join('"%s":"%s"' % (k, base64.b64encode(digests[k]).decode()) for k in sorted(digests)) + "}"
        secrets = "{" + ",".join('"%s":{"value":%s,"salt":"%s"}' % (k, v, base64.b64encode(salts[k]).decode()) for k, v in details) + "}"
        return commitments, secrets
    commitments = b"\x01" + b"".join(varint(len(k)) + k.encode() + digests[k] for k in sorted(digests))
    secrets = b"\x01" + b"".join(varint(len(k)) + k.encode() + salts[k] + varint(len(v.encode())) + v.encode() for k, v in details)
    return commitments, secrets


def rows(rnd, first, count, now):
    for seq in range(first, first + count):
        at = now + seq
        eid = "evt_%011x%s" % (at, "".join(rnd.choices("0123456789abcdefghjkmnpqrstvwxyz", k=11)))
        user, ip, resource = ("usr_bench%05d" % rnd.randrange(5000), "10.0.%d.%d" % divmod(rnd.randrange(20000), 256),
                              "/api/v1/resources/%04d" % rnd.randrange(1000))
        details = [("userId", '"%s"' % user), ("ipAddress", '"%s"' % ip), ("resource", '"%s"' % resource),
                   ("userAgent", '"%s"' % rnd.choice(AGENTS)), ("action", '"%s"' % rnd.choice(ACTIONS)),
                   ("reason", '"%s"' % rnd.choice(REASONS)), ("attempt", str(rnd.randrange(1, 10)))]
        commitments, secrets = stored_details(rnd, details)
        yield (seq, eid, pick(rnd, TYPES), pick(rnd, SEVERITIES), at, ACTOR, rnd.randbytes(32) if LEAF_HASH else b"", commitments,
               user, ip, resource, secrets)


def append(db, batch, org=ORG):
    db.executemany("INSERT INTO events (org_id, seq, id, event_type, severity, recorded_at, actor, source, leaf_hash, commitments)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)", [(org, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in batch])
    if VERSION >= 12:
        db.executemany("INSERT INTO event_details (org_id, seq, user_id, ip_address, resource, secrets) VALUES (?, ?, ?, ?, ?, ?)",
                       [(org, r[0], r[8], r[9], r[10], r[11]) for r in batch])
    else:
        db.executemany("INSERT INTO event_details (event_id, org_id, seq, user_id, ip_address, resource, secrets) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(r[1], org, r[0], r[8], r[9], r[10], r[11]) for r in batch])


def index_run(db, org=ORG):
    """Version 12's indexer: the detail terms of every event past the watermark, sorted, written as one run; from
    version 16 with the event row's type × severity (field 4), severity (5) and actor (6)."""
    mark = db.execute("SELECT COALESCE((SELECT last_seq FROM event_index_runs WHERE org_id = ? ORDER BY first_seq DESC LIMIT 1), 0)",
                      (org,)).fetchone()[0]
    row_fields = ", e.severity || ':' || e.event_type, e.severity, e.actor" if VERSION >= 16 else ""
    terms = db.execute(f"SELECT d.seq, d.user_id, d.ip_address, d.resource{row_fields} FROM event_details d"
                       " JOIN events e ON e.org_id = d.org_id AND e.seq = d.seq WHERE d.org_id = ? AND d.seq > ? ORDER BY d.seq",
                       (org, mark)).fetchall()
    if not terms:
        return 0
    run = terms[0][0]
    entries = sorted((f, v, s) for s, *values in terms for f, v in zip((1, 2, 3, 4, 5, 6), values) if v is not None)
    if VERSION >= 18:
        db.executemany("INSERT INTO event_postings (org_id, run, field, value, first_seq, last_seq, gaps) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(org, run, *posting) for posting in postings(entries)])
    else:
        db.executemany("INSERT INTO event_terms (org_id, run, field, value, seq) VALUES (?, ?, ?, ?, ?)",
                       [(org, run, f, v, s) for f, v, s in entries])
    db.execute("INSERT INTO event_index_runs (org_id, first_seq, last_seq) VALUES (?, ?, ?)", (org, run, terms[-1][0]))
    return len(terms)


def postings(entries, max_part=640):
    """Version 18's rows of sorted (field, value, seq) entries: per field and value the seqs as varint gaps after the
    first, cut into parts of at most MAX_PART bytes of gaps (PostingLists.cs)."""
    part = None
    for field, value, seq in entries:
        if part and part[0] == field and part[1] == value:
            gap = varint(seq - part[3])
            if len(part[4]) + len(gap) <= max_part:
                part[3] = seq
                part[4] += gap
                continue
        if part:
            yield tuple(part[:4]) + (bytes(part[4]),)
        part = [field, value, seq, seq, bytearray()]
    if part:
        yield tuple(part[:4]) + (bytes(part[4]),)


def wal_pages(path, page_size):
    """Page numbers of the frames in the WAL file (header 32 bytes, each frame a 24-byte header and a page)."""
    data = open(path, "rb").read()
    pages, offset = [], 32
    while offset + 24 + page_size <= len(data):
        pages.append(struct.unpack(">I", data[offset:offset + 4])[0])
        offset += 24 + page_size
    return pages


def build(size):
    """A database with the server's migrations and one organisation's log of SIZE events; returns it ready to append."""
    rnd = random.Random(1)
    path = os.path.join(tempfile.mkdtemp(prefix="mudbase-pages-"), "mudbase.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    for _, sql in migrations():
        for statement in sql.split(";"):
            try:
                db.execute(statement)
            except sqlite3.OperationalError:
                # Copies and conversions of existing rows (nothing to copy in a new database) in syntax older SQLite
                # builds lack, or through functions the server registers (schema version 14).
                if not statement.strip().startswith(("INSERT", "UPDATE")):
                    raise
    for name in WITHOUT:
        db.execute(f"DROP INDEX {name}")
    now, seq = 1_780_000_000_000, 1
    while seq <= size:
        db.execute("BEGIN IMMEDIATE")
        append(db, list(rows(rnd, seq, BATCH, now)))
        db.execute("COMMIT")
        seq += BATCH
        if DEFERRED and (seq - 1) % RUN < BATCH:
            db.execute("BEGIN IMMEDIATE"); index_run(db); db.execute("COMMIT")
    return db, path, rnd, seq, now


def measure(size):
    started = time.time()
    db, path, rnd, seq, now = build(size)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("BEGIN IMMEDIATE")
    append(db, list(rows(rnd, seq, BATCH, now)))
    db.execute("COMMIT")
    report(db, path, page_size, size, "1000-event append")
    if DEFERRED:
        # The indexer's run, spread over the events it covers.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("BEGIN IMMEDIATE"); covered = index_run(db); db.execute("COMMIT")
        report(db, path, page_size, size, f"indexer run of {covered} events", covered)
    print(f"  ({time.time() - started:.0f} s)")
    db.close()
    shutil.rmtree(os.path.dirname(path))


def report(db, path, page_size, size, what, events=BATCH):
    pages = wal_pages(path + "-wal", page_size)
    owner = dict(db.execute("SELECT pageno, name FROM dbstat"))
    counts = {}
    for page in set(pages):
        counts[owner.get(page, "(free/other)")] = counts.get(owner.get(page, "(free/other)"), 0) + 1
    print(f"log of {size} events, {what}: {len(pages)} WAL frames = {len(pages) * page_size / events:.0f} B/event"
          f" ({len(set(pages))} distinct pages)")
    for name, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {name:32} {count:6} pages  {count * page_size / events:7.0f} B/event")


def written_bytes():
    for line in open("/proc/self/io"):
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    return 0


def steady(size):
    """CHECKPOINT=pages: bytes this process hands to the disk (WAL frames and the checkpoints' copies, synchronous=FULL)
    per event over STEADY further 1000-event commits, with wal_autocheckpoint at that many pages; with DEFERRED=1 the
    indexer's runs (every RUN events) are written and counted too."""
    db, path, rnd, seq, now = build(size)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()
    db.execute("PRAGMA synchronous=FULL")
    db.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT}")
    batches = [list(rows(rnd, seq + i * BATCH, BATCH, now)) for i in range(STEADY)]
    before = written_bytes()
    for batch in batches:
        db.execute("BEGIN IMMEDIATE"); append(db, batch); db.execute("COMMIT")
        if DEFERRED and (batch[-1][0]) % RUN < BATCH:
            db.execute("BEGIN IMMEDIATE"); index_run(db); db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    written = written_bytes() - before
    print(f"log of {size} events, {STEADY} commits, wal_autocheckpoint={CHECKPOINT}: {written / (STEADY * BATCH):.0f} B/event written"
          " (WAL and checkpoints)")
    db.close()
    shutil.rmtree(os.path.dirname(path))


CHECKPOINT = int(os.environ.get("CHECKPOINT", "0"))
STEADY = int(os.environ.get("STEADY", "40"))
for n in [int(a) for a in sys.argv[1:]] or [10000, 240000]:
    steady(n) if CHECKPOINT else measure(n)
