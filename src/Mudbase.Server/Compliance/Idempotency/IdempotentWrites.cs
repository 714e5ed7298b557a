using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance.Idempotency;

/// <summary>
/// Records a caller's events at most once per <c>Idempotency-Key</c>. The key's record is written by the append
/// transaction itself (see <see cref="IdempotencyClaim"/>), so events and record commit together or not at all, on
/// any node. A repeat of a completed request answers the first response; a repeat while the first is still running
/// on this node answers 409 (the draft standard's "concurrent request"); a repeat that reaches another node waits
/// for the organisation's log lock and then finds the record. Only successes are recorded: a request that failed
/// wrote nothing, so running it again is safe.
/// </summary>
internal sealed partial class IdempotentWrites(
    SecurityEventRecorder recorder, IIdempotencyStore store, TimeProvider time, IOptions<IdempotencyOptions> options,
    ILogger<IdempotentWrites> logger)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    private readonly ConcurrentDictionary<IdempotencyScope, byte> inFlight = new();

    /// <summary>Records <paramref name="inputs"/> and answers <paramref name="respond"/>(their drafts), once per key.</summary>
    public async Task<Results<Ok<T>, ApiProblem>> RecordAsync<T>(
        HttpContext context, string operation, JsonElement body, IReadOnlyList<SecurityEventInput> inputs,
        Func<IReadOnlyList<EventDraft>, T> respond, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var (key, problem) = IdempotencyKeyHeader.Read(context.Request);
        if (problem is not null)
            return problem;
        var caller = Caller.From(context.User);
        var drafts = recorder.DraftAll(caller.OrgId, caller.Id, context.Connection.RemoteIpAddress?.ToString(), inputs);
        var response = respond(drafts);
        if (key is null)
        {
            await recorder.RecordAllAsync(drafts, cancellationToken);
            return TypedResults.Ok(response);
        }
        var scope = new IdempotencyScope(caller.OrgId, caller.Id, key);
        var fingerprint = IdempotencyFingerprint.Of(operation, body);
        var now = time.GetUtcNow();
        if (await store.FindAsync(scope, now, cancellationToken) is { } stored)
            return Replay(context, stored, fingerprint, typeInfo);
        if (!inFlight.TryAdd(scope, 0))
            return InFlight();
        try
        {
            var claim = new IdempotencyClaim(scope, new IdempotencyRecord(fingerprint, StatusCodes.Status200OK,
                JsonSerializer.Serialize(response, typeInfo), now, now + options.Value.Retention));
            foreach (var draft in drafts)
                draft.Claim = claim;
            await recorder.RecordAllAsync(drafts, cancellationToken);
            return claim.Found is { } found ? Replay(context, found, fingerprint, typeInfo) : TypedResults.Ok(response);
        }
        finally
        {
            inFlight.TryRemove(scope, out _);
        }
    }

    private Results<Ok<T>, ApiProblem> Replay<T>(HttpContext context, IdempotencyRecord stored, byte[] fingerprint, JsonTypeInfo<T> typeInfo)
    {
        if (!stored.Matches(fingerprint))
        {
            LogMismatch(logger);
            return new ApiProblem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.IdempotencyKeyMismatch,
                "This Idempotency-Key was already used with a different request");
        }
        LogReplay(logger);
        context.Response.Headers[ReplayedHeader] = "true";
        return TypedResults.Ok(JsonSerializer.Deserialize(stored.Response, typeInfo)!);
    }

    private static ApiProblem InFlight() =>
        new(StatusCodes.Status409Conflict, ErrorCodes.IdempotencyKeyInUse,
            "A request with this Idempotency-Key is still being processed; retry it shortly")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency-Key repeated: answered the recorded response, nothing appended")]
    private static partial void LogReplay(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency-Key reused with a different request: refused")]
    private static partial void LogMismatch(ILogger logger);
}
