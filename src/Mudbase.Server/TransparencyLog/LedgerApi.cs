using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Ledger;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.TransparencyLog;

internal static class LedgerApi
{
    public static void MapLedgerApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/compliance")
            .WithTags("Ledger")
            .RequireAuthorization(AuthSetup.ComplianceReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapGet("/ledger/checkpoint", CheckpointAsync)
            .WithSummary("The latest signed checkpoint of your organisation's log")
            .WithDescription("A C2SP tlog-checkpoint signed note (Ed25519) over the log's size and RFC 9162 root hash.");
        group.MapGet("/security-events/{eventId}/proof", ProofAsync)
            .WithSummary("Inclusion proof of an event")
            .WithDescription("RFC 9162 audit path from the event's leaf to the root at treeSize (default: the latest checkpoint), with the leaf's opening so the leaf hash can be recomputed.")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/ledger/consistency", ConsistencyAsync)
            .WithSummary("Consistency proof between two tree sizes")
            .WithDescription("RFC 9162 proof that the log at size `to` extends the log at size `from`: nothing was altered, removed or reordered.")
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest);
        group.MapLedgerTiles();
        routes.MapGet("/api/compliance/ledger/public-key", PublicKey)
            .WithTags("Ledger")
            .WithSummary("The checkpoint signing key")
            .WithDescription("Public. Pin it out of band and pass it to `mudbase verify --public-key`.")
            .AllowAnonymous();
    }

    private static async Task<Ok<CheckpointResponse>> CheckpointAsync(
        HttpContext context, ILedgerStore store, LedgerSigner signer, CancellationToken cancellationToken)
    {
        var orgId = Caller.From(context.User).OrgId;
        var latest = await store.LatestCheckpointAsync(orgId, cancellationToken);
        // An organisation that has logged nothing still has a well-defined, signable empty log.
        var root = latest?.Root ?? MerkleHash.EmptyRoot();
        var note = latest?.Note ?? signer.Sign(orgId, 0, root);
        return TypedResults.Ok(new CheckpointResponse(true, note, latest?.TreeSize ?? 0, Convert.ToBase64String(root),
            Convert.ToBase64String(signer.PublicKey), signer.KeyName, signer.VerifierKey, signer.OriginOf(orgId), latest?.SignedAt));
    }

    private static async Task<Results<Ok<ProofResponse>, ApiProblem>> ProofAsync(
        string eventId, HttpContext context, IEventStore events, ILedgerStore store, CancellationToken cancellationToken)
    {
        var orgId = Caller.From(context.User).OrgId;
        var query = new QueryParameters(context.Request.Query);
        var requestedSize = query.Long("treeSize", 1, long.MaxValue);
        if (query.Errors.Count > 0)
            return ApiProblem.Validation(query.Errors);

        var stored = await events.FindAsync(orgId, eventId, cancellationToken);
        if (stored is null)
            return ApiProblem.NotFound("Security event not found");
        var latest = await store.LatestCheckpointAsync(orgId, cancellationToken);
        var treeSize = requestedSize ?? latest?.TreeSize ?? 0;
        var leafIndex = stored.Sequence - 1;
        if (treeSize <= leafIndex || treeSize > (latest?.TreeSize ?? 0))
            return ApiProblem.Validation("treeSize", $"must be greater than the leaf index {leafIndex} and at most the latest checkpoint size {latest?.TreeSize ?? 0}");

        var checkpoint = treeSize == latest!.TreeSize ? latest : await store.CheckpointAtAsync(orgId, treeSize, cancellationToken);
        var path = await new NodeReader(store, orgId).InclusionProofAsync(leafIndex, treeSize, cancellationToken);
        return TypedResults.Ok(new ProofResponse(true, leafIndex, treeSize, Convert.ToBase64String(stored.LeafHash),
            path.Select(Convert.ToBase64String).ToList(), checkpoint?.Note, LeafOpenings.ForWire(stored)));
    }

    private static async Task<Results<Ok<ConsistencyResponse>, ApiProblem>> ConsistencyAsync(
        HttpContext context, ILedgerStore store, CancellationToken cancellationToken)
    {
        var orgId = Caller.From(context.User).OrgId;
        var query = new QueryParameters(context.Request.Query);
        var from = query.Long("from", 0, long.MaxValue);
        var to = query.Long("to", 0, long.MaxValue);
        if (from is null)
            query.Add("from", "is required");
        if (to is null)
            query.Add("to", "is required");
        if (query.Errors.Count > 0)
            return ApiProblem.Validation(query.Errors);

        var latestSize = (await store.LatestCheckpointAsync(orgId, cancellationToken))?.TreeSize ?? 0;
        if (from > to)
            return ApiProblem.Validation("from", "must not be greater than to");
        if (to > latestSize)
            return ApiProblem.Validation("to", $"must be at most the latest checkpoint size {latestSize}");

        var proof = await new NodeReader(store, orgId).ConsistencyProofAsync(from!.Value, to!.Value, cancellationToken);
        return TypedResults.Ok(new ConsistencyResponse(true, from.Value, to.Value, proof.Select(Convert.ToBase64String).ToList()));
    }

    private static Ok<PublicKeyResponse> PublicKey(LedgerSigner signer) =>
        TypedResults.Ok(new PublicKeyResponse(true, signer.KeyName, signer.VerifierKey, Convert.ToBase64String(signer.PublicKey), "Ed25519")
        {
            Keys = signer.Keys.Select(k => new LedgerKeyView(
                k.KeyName, k.VerifierKey, Convert.ToBase64String(k.PublicKey), k.Status, k.ValidFrom, k.ValidUntil)).ToList(),
        });
}
