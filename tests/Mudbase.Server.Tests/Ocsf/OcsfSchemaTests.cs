using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Ocsf;

/// <summary>
/// Exports events of every type, with and without details, from callers and from the server itself, as OCSF, and
/// runs the OCSF 1.3.0 reference validator (reference/validate.py, Python's jsonschema) over the export.
/// </summary>
public abstract class OcsfSchemaTests(ServerFixture server) : IAsyncLifetime
{
    // Every catalogue type, the access changes the server records, and a custom type (API Activity).
    private static readonly string[] EventTypes = [.. SecurityEventTypes.All, "role_changed", "member_removed", "vault_unsealed"];

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        foreach (var eventType in EventTypes)
        {
            await server.OwnerClient.LogAsync(new { eventType, severity = "medium" });
            await server.OwnerClient.LogAsync(new
            {
                eventType,
                severity = "critical",
                details = new { userId = "usr_3HjF6SCqdOmxz6", resource = "alarm program", ipAddress = "2667 Beryl Passage", userAgent = "monitor", action = "feed", reason = "driver", attempts = 3, remote = true },
            });
        }
        // Raised by the server itself (actor "system"): a role change and a member removal.
        var member = await server.JoinAsync("member");
        using (await server.OwnerClient.PatchAsync($"/api/org/members/{member.UserId}", Json.Body("""{ "role": "admin" }"""))) { }
        using (await server.OwnerClient.DeleteAsync($"/api/org/members/{member.UserId}")) { }
    }

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task EveryExportedRecordValidatesAgainstItsOcsfClassSchema()
    {
        using var response = await server.OwnerClient.GetAsync("/api/compliance/security-events/export?format=ocsf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = await response.Content.ReadAsStringAsync();
        var classes = export.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("class_uid").GetInt32()).ToHashSet();
        Assert.Equal([2004, 3001, 3002, 6003], classes.Order());

        var file = Path.Combine(server.Factory.DataDirectory, "export.ocsf.jsonl");
        await File.WriteAllTextAsync(file, export);
        var (exitCode, output) = await ValidateAsync(file);
        Assert.True(exitCode == 0, output);
        Assert.Contains("6003", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheValidatorRejectsTheApiActivityRecordsWeUsedToWrite()
    {
        // An API Activity record without its required api object and with a user: what the export wrote before.
        var file = Path.Combine(server.Factory.DataDirectory, "old.ocsf.jsonl");
        await File.WriteAllTextAsync(file, """
            {"class_uid":6003,"category_uid":6,"activity_id":99,"type_uid":600399,"severity_id":2,"time":1,"metadata":{"version":"1.3.0","product":{"name":"Mudbase"}},"actor":{"user":{"uid":"usr_1"}},"src_endpoint":{"ip":"192.0.2.1"},"user":{"uid":"usr_2"}}
            """);
        var (exitCode, output) = await ValidateAsync(file);
        Assert.Equal(1, exitCode);
        Assert.Contains("api", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string file)
    {
        var reference = Path.Combine(AppContext.BaseDirectory, "Ocsf", "reference");
        var start = new ProcessStartInfo("python3", [Path.Combine(reference, "validate.py"), file, "--schemas", reference])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

public sealed class OcsfSchemaOnSqlite() : OcsfSchemaTests(new SqliteServer());

public sealed class OcsfSchemaOnPostgres() : OcsfSchemaTests(new PostgresServer());
