#!/usr/bin/env python3
"""Where the server's CPU went in a perf recording of batch ingest (bench/batch/profile.sh), by stage of the path.

    perf script -i bench/results/profile-*/perf.data | python3 bench/batch/breakdown.py

Each sample goes to the first stage whose frames it contains (its thread for JIT and GC). Async continuations break
stacks, and native SQLite frames without frame pointers lose their managed callers, so "SQLite, caller unknown" and
"other" are real costs whose origin the stacks do not show.
"""
import collections
import sys

# (stage, thread names, substrings of any frame); the first match wins.
STAGES = [
    ("JIT (tiered compilation)", (".NET Tiered Com",), ()),
    ("GC threads", (".NET Server GC", ".NET BGC", ".NET GC"), ()),
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
    counts = collections.Counter()
    total = 0
    for sample in samples(sys.stdin):
        header, frames = sample[0], "\n".join(sample[1:])
        thread = header.split("  ")[0].strip() if "  " in header else header.split()[0]
        stage = "other"
        for name, threads, needles in STAGES:
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
