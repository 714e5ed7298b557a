using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Ledger;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Tiles;

namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// The caller's organisation's hash tiles, read-only, at their C2SP tlog-tiles paths, for auditors who mirror the
/// log: with the signed checkpoint they are enough to recompute the root and every proof offline.
/// </summary>
internal static class TileApi
{
    public static void MapLedgerTiles(this RouteGroupBuilder ledger) =>
        ledger.MapGet("/ledger/tile/{**path}", TileAsync)
            .WithSummary("A hash tile of your organisation's log (C2SP tlog-tiles)")
            .WithDescription("`tile/<L>/<N>[.p/<W>]`: up to 256 concatenated 32-byte hashes of tree height 8·L, as application/octet-stream. " +
                "A full tile never changes; a partial one (`.p/<W>`, 1 ≤ W ≤ 255) is served while the log has at least W hashes there. " +
                "Entry bundles (`tile/entries/...`) are not served: leaves and their openings come with the evidence export.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

    private static async Task<Results<FileContentHttpResult, ApiProblem>> TileAsync(
        string path, HttpContext context, ILedgerStore store, CancellationToken cancellationToken)
    {
        if (!TilePath.TryParse(path, out var tile))
            return ApiProblem.Validation("path", "must be a tlog-tiles hash tile path <L>/<N>[.p/<W>], e.g. 0/x001/234 or 1/000.p/17");
        var orgId = Caller.From(context.User).OrgId;
        var rows = tile.Level > TileLayout.MaxLevel ? [] : await store.ReadTilesAsync(orgId, tile.Level, tile.Index, tile.Index, cancellationToken);
        var stored = rows.Count == 1 ? rows[0].Hashes : [];
        var width = stored.Length / MerkleHash.Size;
        // A full tile is served only once full; a partial width while the stored tile holds at least that many hashes.
        if (tile.IsPartial ? width < tile.Width : width != TileLayout.Width)
            return ApiProblem.NotFound("No such tile in this log");
        return TypedResults.File(stored.AsMemory(0, tile.Width * MerkleHash.Size).ToArray(), "application/octet-stream");
    }
}
