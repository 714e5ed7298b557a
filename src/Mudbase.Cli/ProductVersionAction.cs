using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Mudbase.Cli;

/// <summary>
/// <c>mudbase --version</c>: the product version from Directory.Build.props (with the commit it was built from), the same
/// informational version the server reports. Read from this assembly, not the process's entry assembly, so it is
/// right wherever the tool is hosted.
/// </summary>
internal sealed class ProductVersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } =
        typeof(ProductVersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return MudbaseCli.Success;
    }
}
