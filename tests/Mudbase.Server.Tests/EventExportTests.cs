using System.Net;
using System.Text.Json;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests;

public abstract class EventExportTests(ServerFixture server) : IAsyncLifetime
{
    private const string Hostile = "=HYPERLINK(\"http://evil\",\"x\")";

    public async Task InitializeAsync()
    {
        await server.InitializeAsync();
        await server.OwnerClient.LogAsync(new { eventType = "brute_force_attempt", severity = "high", details = new { userId = "usr_a", reason = Hostile } });
        await server.OwnerClient.LogAsync(new { eventType = "unauthorized_access_attempt", severity = "critical", details = new { userId = "usr_b", action = "+1", resource = "-2", userAgent = "@SUM(A1)" } });
        await server.OwnerClient.LogAsync(new { eventType = "vault_unsealed", severity = "low", details = new { reason = "line\nbreak, \"quoted\"", extra = 7, action = "\tcmd" } });
    }

    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task JsonLinesExportsEveryEventInTheReadShapeAsAnAttachment()
    {
        using var response = await ExportAsync("jsonl");
        Assert.StartsWith("attachment;", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        var newest = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("vault_unsealed", newest.GetProperty("eventType").GetString());
        Assert.Equal(7, newest.GetProperty("details").GetProperty("extra").GetInt32());
    }

    [Fact]
    public async Task ExportsTakeTheListFilters()
    {
        using var response = await ExportAsync("jsonl", "&minSeverity=critical");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("unauthorized_access_attempt", Assert.Single(lines));
    }

    [Fact]
    public async Task CsvHasAHeaderQuotesLikeRfc4180AndDefusesFormulas()
    {
        using var response = await ExportAsync("csv", "&order=asc");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var rows = ParseCsv(await response.Content.ReadAsStringAsync());

        Assert.Equal("eventId", rows[0][0]);
        var header = rows[0];
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        string Cell(int row, string column) => rows[row][header.IndexOf(column)];
        Assert.Equal("'" + Hostile, Cell(1, "reason"));
        Assert.Equal("'+1", Cell(2, "action"));
        Assert.Equal("'-2", Cell(2, "resource"));
        Assert.Equal("'@SUM(A1)", Cell(2, "userAgent"));
        Assert.Equal("line\nbreak, \"quoted\"", Cell(3, "reason"));
        Assert.Contains("\"extra\":7", Cell(3, "otherDetails"));
        Assert.Equal("'\tcmd", Cell(3, "action"));
    }

    [Fact]
    public async Task OcsfMapsEventTypesToClassesAndSeverityToSeverityId()
    {
        using var response = await ExportAsync("ocsf", "&order=asc");
        var events = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal([2004, 3002, 6003], events.Select(e => e.GetProperty("class_uid").GetInt32()));
        Assert.Equal([4, 5, 2], events.Select(e => e.GetProperty("severity_id").GetInt32()));
        Assert.Equal(200401, events[0].GetProperty("type_uid").GetInt32());
        // Detection Finding has no user in OCSF 1.3: the detail stays in unmapped; Authentication requires the user.
        Assert.False(events[0].TryGetProperty("user", out _));
        Assert.Equal("usr_a", events[0].GetProperty("unmapped").GetProperty("userId").GetString());
        Assert.Equal("usr_b", events[1].GetProperty("user").GetProperty("uid").GetString());
        Assert.Equal("vault_unsealed", events[2].GetProperty("api").GetProperty("operation").GetString());
        Assert.Equal(2, events[1].GetProperty("status_id").GetInt32());
        Assert.Equal("1.3.0", events[2].GetProperty("metadata").GetProperty("version").GetString());
        Assert.True(events[2].GetProperty("time").GetInt64() > 1_700_000_000_000);
    }

    [Theory]
    [InlineData("?format=xml", "format")]
    [InlineData("?format=csv&severity=bad", "severity")]
    [InlineData("?format=evidence&from=nope", "from")]
    public async Task BadExportParametersAreValidationErrors(string query, string parameter)
    {
        using var response = await server.OwnerClient.GetAsync("/api/compliance/security-events/export" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadAsync(response)).GetProperty("details").TryGetProperty(parameter, out _));
    }

    private async Task<HttpResponseMessage> ExportAsync(string format, string query = "")
    {
        var response = await server.OwnerClient.GetAsync($"/api/compliance/security-events/export?format={format}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; i++; }
            else cell.Append(c);
        }
        return rows;
    }
}

public sealed class EventExportOnSqlite() : EventExportTests(new SqliteServer());

public sealed class EventExportOnPostgres() : EventExportTests(new PostgresServer());
