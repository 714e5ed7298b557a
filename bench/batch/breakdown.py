#!/usr/bin/env python3
"""Where the server's CPU went in a perf recording of ingest, by stage of the path.

    perf script -i bench/results/profile-*/perf.data | python3 bench/batch/breakdown.py                  # batch
    perf script -i bench/results/ingest-profile-*/perf.data | python3 bench/batch/breakdown.py single  # single events

Each sample goes to the first stage whose frames it contains (its thread for JIT and GC). Async continuations break
stacks, and native SQLite frames without frame pointers lose their managed callers, so "SQLite, caller unknown" and
"other" are real costs whose origin the stacks do not show.
"""
import collections
import sys

# (stage, thread names, substrings of any frame); the first match wins.
# The runtime's own threads, told apart by name in either kind of load.
RUNTIME_THREADS = [
    ("JIT (tiered compilation)", (".NET Tiered Com",), ()),
    ("GC threads", (".NET Server GC", ".NET BGC", ".NET GC"), ()),
]

BATCH_STAGES = RUNTIME_THREADS + [
    ("event index behind the log", (), ("EventIndexer", "EventIndexStep", "SqliteEventIndexStore", "EventIndexRuns", "RunPostings")),
    ("WAL checkpoint (copy to database file)", (), ("sqlite3WalCheckpoint", "walCheckpoint")),
    ("commit fsync", (), ("fsync", "fdatasync")),
    ("leaf preparation: salts, commitments, stored details", (), ("AppendPlanner::Commit",)),
    ("leaf preparation: canonical leaf template", (), ("LedgerLeaf::ToTemplate",)),
    ("request body read + JSON parse", (), ("JsonBody",)),
    ("validation (events, details)", (), ("SecurityEventParser", "BatchApi::Parse")),
    ("drafts, ids, response", (), ("SecurityEventRecorder", "IdempotentWrites", "LogSecurityEventsBatchResponse")),
    ("plan: leaf hashes, tiles, checkpoint signature", (), ("AppendPlanner::Plan",)),
    ("SQLite statements and binding (events, details)", (), ("SqliteBulkInsert", "SqliteWriter::Write")),
    ("SQLite other statements (heads, tiles, claims, commit)", (), ("SqliteAppendSession", "SqliteWriter")),
    ("commit driver (queue, batching, completion)", (), ("EventAppender", "LedgerHeads", "IntakeWaiter")),
    ("SQLite, caller unknown (page writes, B-trees)", (), ("libe_sqlite3",)),
    ("SHA-256 in OpenSSL, caller unknown (leaf, node and commitment hashes)", (), ("libcrypto",)),
    ("page faults on fresh memory (heap growth)", (), ("exc_page_fault", "clear_page")),
    ("kernel write path (pwrite, caller unknown)", (), ("pwrite",)),
    ("HTTP (Kestrel, middleware, sockets)", (), ("Kestrel", "Microsoft.AspNetCore", "Mudbase.Server.Hosting", "sock_", "tcp_")),
    ("allocation and GC in request threads (runtime)", (), ("libcoreclr",)),
]

# One event per request: the request path's own stages come first, since every frame below them also holds Kestrel,
# the middlewares and the idempotency wrapper; the writer's commit share follows.
SINGLE_STAGES = RUNTIME_THREADS + [
    ("event index behind the log", (), ("EventIndexer", "EventIndexStep", "SqliteEventIndexStore", "RunPostings")),
    ("commit fsync", (), ("fsync", "fdatasync")),
    ("JWT validation", (), ("Microsoft.IdentityModel",)),
    ("membership read", (), ("CurrentMembership", "SqliteRequestAccessStore", "PostgresRequestAccessStore")),
    ("metrics (OpenTelemetry, counters)", (), ("OpenTelemetry", "System.Diagnostics.Metrics", "MudbaseInstruments")),
    ("rate limiter", (), ("System.Threading.RateLimiting", "RateLimitSetup")),
    ("leaf preparation", (), ("AppendPlanner::Prepare", "AppendPlanner::Commit", "LedgerLeaf::ToTemplate")),
    ("request body read + parse + validation", (), ("SecurityEventParser", "JsonBody")),
    ("commit: plan, tiles, checkpoint signature", (), ("AppendPlanner::Plan", "NoteSigner")),
    ("commit: SQLite statements, pages, WAL", (), ("SqliteWriter", "SqliteAppendSession", "SqliteBulkInsert", "libe_sqlite3")),
    ("commit: PostgreSQL statements", (), ("PostgresAppendSession", "Npgsql")),
    # The request's own continuation after its commit (the answer) runs under the appender's frames.
    ("commit driver, completion and the request's continuation", (), ("EventAppender", "LedgerHeads", "IntakeWaiter")),
    ("idempotency, recorder, response", (), ("IdempotentWrites", "SecurityEventRecorder", "SecurityEventApi", "WriteAsJson")),
    ("kernel network (loopback TCP, epoll)", (), ("tcp_", "sock_", "epoll", "net_rx", "__libc_recv", "__send")),
    ("Kestrel and middleware", (), ("Kestrel", "Microsoft.AspNetCore", "Mudbase.Server.Hosting", "System.IO.Pipelines")),
    ("thread pool and runtime", (), ("ThreadPool", "libcoreclr", "System.Threading")),
    ("kernel, other", (), ("[kernel.kallsyms]",)),
]

STAGE_SETS = {"batch": BATCH_STAGES, "single": SINGLE_STAGES}


def samples(lines):
    sample = []
    for line in lines:
        if not line.strip():
            if sample:
                yield sample
            sample = []
        else:
            sample.append(line.rstrip("\n"))
    if sample:
        yield sample


def main():
    stages = STAGE_SETS[sys.argv[1] if len(sys.argv) > 1 else "batch"]
    counts = collections.Counter()
    total = 0
    for sample in samples(sys.stdin):
        header, frames = sample[0], "\n".join(sample[1:])
        thread = header.split("  ")[0].strip() if "  " in header else header.split()[0]
        stage = "other"
        for name, threads, needles in stages:
            if any(t in header for t in threads) or any(n in frames for n in needles):
                stage = name
                break
        counts[stage] += 1
        total += 1
    if total == 0:
        sys.exit("no samples")
    width = max(len(name) for name in counts)
    for name, count in counts.most_common():
        print(f"{name:<{width}}  {100 * count / total:5.1f} %")
    print(f"{'samples':<{width}}  {total}")


if __name__ == "__main__":
    main()
