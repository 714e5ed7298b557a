using System.Reflection;

namespace Mudbase.Architecture.Tests;

/// <summary>The project assemblies the rules are about, loaded from the test's own output.</summary>
internal static class Assemblies
{
    public static Assembly Ledger { get; } = typeof(Mudbase.Ledger.MerkleHash).Assembly;

    public static Assembly Contracts { get; } = typeof(Mudbase.Contracts.ErrorBody).Assembly;

    public static Assembly Server { get; } = Assembly.Load("Mudbase.Server");

    public static Assembly Client { get; } = typeof(Mudbase.Client.MudbaseClient).Assembly;

    /// <summary>The <c>mudbase</c> tool (its assembly is named for the command).</summary>
    public static Assembly Cli { get; } = Assembly.Load("mudbase");

    /// <summary>Names of the assemblies built from this repository.</summary>
    public static IReadOnlySet<string> Ours { get; } =
        new HashSet<string>(["Mudbase.Ledger", "Mudbase.Contracts", "Mudbase.Server", "Mudbase.Client", "mudbase"], StringComparer.Ordinal);

    /// <summary>The assemblies of ours that <paramref name="assembly"/> references.</summary>
    public static IEnumerable<string> OursReferencedBy(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(Ours.Contains).Order(StringComparer.Ordinal);
}
