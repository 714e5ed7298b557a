using System.Runtime.CompilerServices;

namespace Mudbase.Server.Storage.Postgres;

/// <summary>
/// Streams a long ordered read as short keyset-paged queries: no statement outlives the statement timeout and no
/// pooled connection is held for the length of an export.
/// </summary>
internal static class PostgresPaging
{
    public const int PageSize = 2000;

    /// <param name="page">Reads up to <see cref="PageSize"/> rows with key ≥ the given key, in key order.</param>
    /// <param name="key">The key of a row; the next page starts after the last row's key.</param>
    public static async IAsyncEnumerable<T> StreamAsync<T>(
        long from, Func<long, CancellationToken, Task<List<T>>> page, Func<T, long> key,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = from;
        while (true)
        {
            var rows = await page(next, cancellationToken);
            foreach (var row in rows)
                yield return row;
            if (rows.Count < PageSize)
                yield break;
            next = key(rows[^1]) + 1;
        }
    }
}
