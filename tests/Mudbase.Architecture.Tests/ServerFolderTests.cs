using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Mudbase.Architecture.Tests;

/// <summary>Rules between the server's feature folders (one namespace each under <c>Mudbase.Server</c>).</summary>
public sealed class ServerFolderTests
{
    private const string Root = "Mudbase.Server";

    /// <summary>
    /// Pairs of folders that still use each other, each with what ties them; a pair leaves this list when its cycle is
    /// broken (the test below fails until it does), and no pair may join it.
    /// </summary>
    private static readonly HashSet<string> KnownCycles = new(StringComparer.Ordinal)
    {
        // ApiKeys' endpoints use the authorization policies; the API-key authentication scheme is set up with sign-in.
        "ApiKeys ⇄ Auth",

        // Sign-in records security events; compliance endpoints use the authorization policies and current membership.
        "Auth ⇄ Compliance",

        // Sign-in throttles with the rate limiter; the rate-limit partitions read the caller's claims.
        "Auth ⇄ RateLimits",

        // The appender publishes log heads to the head gauges, whose refresher uses ledger types.
        "Observability ⇄ TransparencyLog",

        // Storage writes the plan the appender made (AppendPlan, LogHead: records, no behaviour); the ledger reads and
        // writes through the store interfaces.
        "Storage ⇄ TransparencyLog",

        // The SQLite writer and PostgreSQL transactions record commit metrics; the head gauges read storage.
        "Observability ⇄ Storage",
    };

    [Fact]
    public void StorageNeverReachesTheAppendPlanner()
    {
        var rule = Types.InAssembly(Assemblies.Server).That().ResideInNamespaceMatching($@"^{Regex.Escape(Root)}\.Storage(\.|$)")
            .Should().NotHaveDependencyOnAny($"{Root}.TransparencyLog.AppendPlanner");

        ProjectDependencyTests.AssertNoType(rule, "storage calls into the append planner");
    }

    [Fact]
    public void NoTwoFeatureFoldersDependOnEachOtherBothWaysBeyondTheKnownCycles()
    {
        var cycles = Cycles();

        Assert.True(cycles.Keys.All(KnownCycles.Contains),
            "new cycles between feature folders:\n" + string.Join("\n", cycles.Where(c => !KnownCycles.Contains(c.Key)).Select(c => $"{c.Key}: {c.Value}")));
        Assert.True(KnownCycles.All(cycles.ContainsKey),
            "cycles that are broken now, remove them from KnownCycles: " + string.Join(", ", KnownCycles.Where(c => !cycles.ContainsKey(c))));
    }

    /// <summary>Every pair "A ⇄ B" (A before B) whose folders use each other, with the types that do.</summary>
    private static Dictionary<string, string> Cycles()
    {
        var folders = Folders();
        var uses = new Dictionary<(string From, string To), string[]>();
        foreach (var from in folders)
        {
            foreach (var to in folders.Where(f => f != from))
            {
                var result = Types.InAssembly(Assemblies.Server).That().ResideInNamespaceMatching($@"^{Regex.Escape(Root)}\.{from}(\.|$)")
                    .Should().NotHaveDependencyOnAny($"{Root}.{to}").GetResult();
                if (!result.IsSuccessful)
                    uses[(from, to)] = result.FailingTypes.Select(t => t.Name).Distinct().Order(StringComparer.Ordinal).ToArray();
            }
        }

        return uses.Keys.Where(k => string.CompareOrdinal(k.From, k.To) < 0 && uses.ContainsKey((k.To, k.From)))
            .ToDictionary(
                k => $"{k.From} ⇄ {k.To}",
                k => $"{k.From} → {k.To} in {string.Join(" ", uses[k])}; {k.To} → {k.From} in {string.Join(" ", uses[(k.To, k.From)])}");
    }

    /// <summary>The first namespace segment below the root of every server type in a folder.</summary>
    private static string[] Folders() =>
        Assemblies.Server.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(n => n![(Root.Length + 1)..].Split('.')[0])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
}
