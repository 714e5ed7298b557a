using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mudbase.Server.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Mudbase.Server.Tests.Observability;

/// <summary>The dashboard and alert rules shipped in docs/operations query only series the server really exports.</summary>
public abstract partial class OperationsDocsTests(StorageKind storage)
{
    [Fact]
    public async Task EveryMetricTheDashboardAndAlertRulesQueryIsExportedByTheServer()
    {
        var scrape = await ScrapeAfterTrafficAsync();
        var queries = DashboardQueries().Concat(AlertRules().Select(r => r.Expr)).ToList();

        var used = queries.SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

        Assert.True(used.Count >= 10, string.Join(", ", used));
        Assert.All(used, name => Assert.True(scrape.QueryableNames.Contains(name), $"{name} is queried but not exported"));
    }

    [Fact]
    public void TheAlertRulesCoverSelfCheckCheckpointAgeServerErrorsAndDisk()
    {
        var rules = AlertRules();

        Assert.Contains(rules, r => r.Expr.Contains("mudbase_ledger_selfcheck_logs", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Expr.Contains("mudbase_ledger_checkpoint_age_seconds", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Expr.Contains("http_response_status_code=~\"5..\"", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Expr.Contains("mudbase_storage_disk_free_bytes", StringComparison.Ordinal));
        Assert.All(rules, r => Assert.Matches("^Mudbase[A-Za-z0-9]+$", r.Alert));
    }

    private async Task<PrometheusScrape> ScrapeAfterTrafficAsync()
    {
        await using var factory = new MudbaseFactory(storage, new() { ["Mudbase:Metrics:Token"] = "docs" });
        var owner = await TestAccounts.RegisterAsync(factory.CreateClient());
        await factory.Authorized(owner.Token).LogManyAsync(2);
        for (var i = 0; i < 6; i++)
            (await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = owner.Email, password = "wrong password" })).Dispose();
        return await PrometheusScrape.GetAsync(factory.CreateClient(), "docs");
    }

    private static IEnumerable<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(RepositoryFiles.Read("docs", "operations", "grafana-dashboard.json"));
        var root = dashboard.RootElement;
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.NotEmpty(panels);
        var queries = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();
        queries.AddRange(root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query").Select(v => v.GetProperty("query").GetString()!));
        return queries;
    }

    private static List<(string Alert, string Expr)> AlertRules()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(RepositoryFiles.Read("docs", "operations", "prometheus-alerts.yml")));
        var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"];
        return groups.Children.Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Children.Cast<YamlMappingNode>())
            .Select(r => (((YamlScalarNode)r["alert"]).Value!, ((YamlScalarNode)r["expr"]).Value!))
            .ToList();
    }

    [GeneratedRegex(@"\b(mudbase_[a-z0-9_]+|http_server_[a-z0-9_]+)\b")]
    private static partial Regex MetricName();
}

public sealed class OperationsDocsOnSqlite() : OperationsDocsTests(StorageKind.Sqlite);

public sealed class OperationsDocsOnPostgres() : OperationsDocsTests(StorageKind.Postgres);
