using Mudbase.Ledger;

namespace Mudbase.Server.Operations.Admin;

/// <summary>The check shared by <c>verify-db</c> and <c>restore</c>: every log re-derived, every expected checkpoint reached.</summary>
internal static class DatabaseCheck
{
    public static async Task<int> RunAsync(
        AdminConsole env, OfflineDatabase database, IReadOnlyList<NoteVerifier> keys, IReadOnlyList<FileInfo> expected,
        CancellationToken cancellationToken)
    {
        var failed = 0;
        var orgIds = await database.Ledger.LogOrgIdsAsync(cancellationToken);
        foreach (var orgId in orgIds.Order(StringComparer.Ordinal))
        {
            var result = await database.Replay.CheckAsync(orgId, keys, expectedOrigin: null, cancellationToken);
            if (result.Ok)
            {
                await env.Out.WriteLineAsync($"ok      {orgId}: {result.TreeSize} leaves re-derived to the signed checkpoint");
                continue;
            }
            failed++;
            var leaf = result.FirstBadIndex is { } index ? $"first divergent leaf {index}: " : "";
            await env.Out.WriteLineAsync($"FAILED  {orgId}: {leaf}{result.Problem}");
        }
        foreach (var file in expected)
        {
            var problem = await ExpectedProblemAsync(database, keys, file, cancellationToken);
            await env.Out.WriteLineAsync(problem is null ? $"ok      {file.Name}: the database reaches this checkpoint" : $"FAILED  {file.Name}: {problem}");
            failed += problem is null ? 0 : 1;
        }
        await env.Out.WriteLineAsync(failed == 0
            ? $"Verified {orgIds.Count} logs."
            : $"{failed} check(s) failed: do not serve this database.");
        return failed == 0 ? AdminCommandLine.Success : AdminCommandLine.Failure;
    }

    private static async Task<string?> ExpectedProblemAsync(
        OfflineDatabase database, IReadOnlyList<NoteVerifier> keys, FileInfo file, CancellationToken cancellationToken)
    {
        string note;
        try
        {
            note = SignedCheckpointText.Read(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"cannot read the checkpoint: {e.Message}";
        }
        string? body = null;
        if (!keys.Any(k => k.TryVerify(note, out body)) || !Checkpoint.TryParse(body!, out var checkpoint))
            return "not a checkpoint signed by any of the given keys";
        return await CheckpointExpectation.ProblemAsync(database.Ledger, checkpoint, cancellationToken);
    }
}
