#!/usr/bin/env python3
"""CPU time of the SQL that selects a page's sequence numbers for the type and severity shapes of bench/query, on two
copies of the same log: OLD in the layout before schema version 16 (one arm per type × severity pair over the B-tree
indexes of events) and NEW after it (one arm per pair over the indexed runs of event_terms, plus the tail). The SQL
mirrors SqliteEventQueries; every query must return the same sequence numbers on both. CPU time of this process, so
the figures hardly depend on the machine's load.

    cp -a /tmp/mudbase-1m /tmp/mudbase-1m.v15     # a log kept by bench/query/run.sh before it was upgraded
    KEEP_DATA=/tmp/mudbase-1m bench/query/run.sh  # upgrades it in place (and times the HTTP shapes)
    python3 bench/query/sql-shapes.py /tmp/mudbase-1m.v15/mudbase.db /tmp/mudbase-1m/mudbase.db
"""
import sqlite3, sys, time, random, statistics
OLD, NEW = sys.argv[1], sys.argv[2]
TYPES = ["unauthorized_access_attempt", "suspicious_api_activity", "brute_force_attempt", "bulk_data_export",
         "mfa_bypass_attempt", "admin_privilege_escalation", "private_key_export", "data_breach_detected"]
ALL = ["low", "medium", "high", "critical"]
WM = "COALESCE((SELECT last_seq FROM event_index_runs WHERE org_id = :org ORDER BY first_seq DESC LIMIT 1), 0)"

def old_sql(types, sevs, after, order, limit):
    sevs2 = sevs or ALL
    arms = []
    for t in (types or [None]):
        for s in sevs2:
            cond = (f" AND e.event_type = '{t}'" if t else "") + f" AND e.severity = '{s}'"
            idx = "ix_events_type_severity" if t else "ix_events_severity"
            bound = (f" AND e.seq < {after}" if order == "DESC" else f" AND e.seq >= {after}+1") if after else ""
            arms.append(f"SELECT seq FROM (SELECT e.seq AS seq FROM events e INDEXED BY {idx} WHERE e.org_id = :org{cond}{bound} ORDER BY e.seq {order} LIMIT {limit})")
    return f"SELECT c.seq FROM ({' UNION ALL '.join(arms)}) c ORDER BY c.seq {order} LIMIT {limit}"

def new_sql(types, sevs, after, order, limit):
    sevs2 = sevs or ALL
    arms = []
    for s in sevs2:
        for t in (types or [None]):
            field, value = (4, f"{s}:{t}") if t else (5, s)
            bound = ((f" AND t.seq < {after} AND +r.first_seq < {after}" if order == "DESC" else f" AND t.seq >= {after}+1 AND +r.last_seq >= {after}+1") if after else "")
            arms.append(f"SELECT seq FROM (SELECT t.seq AS seq FROM event_index_runs r CROSS JOIN event_terms t ON t.org_id = r.org_id AND t.run = r.first_seq AND t.field = {field} AND t.value = '{value}' WHERE r.org_id = :org{bound} ORDER BY r.first_seq {order}, t.seq {order} LIMIT {limit})")
    cond = (" AND e.event_type IN (" + ",".join(f"'{t}'" for t in types) + ")" if types else "") + (" AND e.severity IN (" + ",".join(f"'{s}'" for s in sevs) + ")" if sevs else "")
    lower = f"{WM} + 1" if not after or order == "DESC" else f"MAX({WM} + 1, {after}+1)"
    upper = f" AND e.seq < {after}" if after and order == "DESC" else ""
    arms.append(f"SELECT seq FROM (SELECT e.seq AS seq FROM events e WHERE e.org_id = :org{cond} AND e.seq >= {lower}{upper} ORDER BY e.seq {order} LIMIT {limit})")
    return f"SELECT c.seq FROM ({' UNION ALL '.join(arms)}) c ORDER BY c.seq {order} LIMIT {limit}"

dbs = {name: sqlite3.connect(f"file:{path}?mode=ro", uri=True) for name, path in (("old", OLD), ("new", NEW))}
org = dbs["old"].execute("SELECT org_id FROM log_heads ORDER BY size DESC LIMIT 1").fetchone()[0]
size = dbs["old"].execute("SELECT size FROM log_heads WHERE org_id = ?", (org,)).fetchone()[0]
rnd = random.Random(7)
shapes = [
    ("severity=high", lambda: ([], ["high"], None, "DESC", 51)),
    ("severity=critical", lambda: ([], ["critical"], None, "DESC", 51)),
    ("severity=critical + deep cursor", lambda: ([], ["critical"], int(size * (0.05 + 0.15 * rnd.random())), "DESC", 51)),
    ("eventType + minSeverity=high", lambda: ([rnd.choice(TYPES)], ["high", "critical"], None, "DESC", 51)),
    ("eventType + minSeverity=high + deep", lambda: ([rnd.choice(TYPES)], ["high", "critical"], int(size * (0.05 + 0.15 * rnd.random())), "DESC", 51)),
    ("rare eventType + minSeverity=critical", lambda: (["data_breach_detected"], ["critical"], None, "DESC", 51)),
    ("eventType alone", lambda: ([rnd.choice(TYPES)], [], None, "DESC", 51)),
    ("severity=high, order=asc", lambda: ([], ["high"], None, "ASC", 51)),
    ("limit=500 severity=high", lambda: ([], ["high"], None, "DESC", 501)),
]
print(f"sqlite {sqlite3.sqlite_version}, log of {size} events; CPU ms per query, p50 / max of 30, old and new interleaved")
for name, make in shapes:
    times = {"old": [], "new": []}
    for _ in range(30):
        args = make()
        rows = {}
        for which, build in (("old", old_sql), ("new", new_sql)):
            sql = build(*args)
            start = time.process_time()
            rows[which] = [r[0] for r in dbs[which].execute(sql, {"org": org})]
            times[which].append((time.process_time() - start) * 1000)
        assert rows["old"] == rows["new"], (name, args)
    print(f"{name:40} old {statistics.median(times['old']):6.2f} / {max(times['old']):6.2f}   new {statistics.median(times['new']):6.2f} / {max(times['new']):6.2f}")
