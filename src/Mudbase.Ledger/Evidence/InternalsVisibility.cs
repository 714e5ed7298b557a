using System.Runtime.CompilerServices;

// The audit-path cache is internal, yet its correctness is what lets the verifier skip hashing: it is tested directly.
[assembly: InternalsVisibleTo("Mudbase.Ledger.Tests")]
