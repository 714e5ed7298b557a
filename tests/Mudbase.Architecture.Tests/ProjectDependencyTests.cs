using System.Reflection;
using NetArchTest.Rules;

namespace Mudbase.Architecture.Tests;

/// <summary>Which of our projects may use which: the rules of docs/ARCHITECTURE.md, "Dependency rules".</summary>
public sealed class ProjectDependencyTests
{
    [Fact]
    public void TheLedgerLibraryReferencesNoOtherProjectOfOurs() => AssertReferencesNothingOfOurs(Assemblies.Ledger, "Mudbase.Ledger");

    [Fact]
    public void TheContractsLibraryReferencesNoOtherProjectOfOurs() => AssertReferencesNothingOfOurs(Assemblies.Contracts, "Mudbase.Contracts");

    [Fact]
    public void TheClientNeverReachesTheServer() => AssertNeverReachesServer(Assemblies.Client);

    [Fact]
    public void TheMudbaseToolNeverReachesTheServer() => AssertNeverReachesServer(Assemblies.Cli);

    [Fact]
    public void TheMudbaseToolReachesTheServerOnlyThroughTheClientAndContracts()
    {
        Assert.Equal(["Mudbase.Client", "Mudbase.Contracts", "Mudbase.Ledger"], Assemblies.OursReferencedBy(Assemblies.Cli));
        AssertNoType(Types.InAssembly(Assemblies.Cli).Should().NotHaveDependencyOnAny("System.Net.Http.Headers", "System.Net.Http.Json"),
            "HTTP is the client's business");
    }

    private static void AssertReferencesNothingOfOurs(Assembly assembly, string self)
    {
        Assert.Equal([self], Assemblies.OursReferencedBy(assembly).Append(self).Distinct());
        var others = Assemblies.Ours.Where(name => name != self).Select(name => name == "mudbase" ? "Mudbase.Cli" : name).ToArray();
        AssertNoType(Types.InAssembly(assembly).Should().NotHaveDependencyOnAny(others), $"{self} uses another project's types");
    }

    private static void AssertNeverReachesServer(Assembly assembly)
    {
        Assert.DoesNotContain("Mudbase.Server", Assemblies.OursReferencedBy(assembly));
        AssertNoType(Types.InAssembly(assembly).Should().NotHaveDependencyOnAny("Mudbase.Server"), "server types used outside the server");
    }

    internal static void AssertNoType(ConditionList rule, string what)
    {
        var result = rule.GetResult();
        Assert.True(result.IsSuccessful, $"{what}: " + string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }
}
