using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mudbase.Cli.Tests;

public sealed partial class ProductVersionTests
{
    [Fact]
    public async Task VersionPrintsTheVersionOfDirectoryBuildPropsAsTheLibrariesReportIt()
    {
        var run = await CliRun.InvokeAsync("--version");

        var library = Assembly.Load("Mudbase.Client").GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(library, run.Out.Trim());
        Assert.StartsWith(PropsVersion() + "+", run.Out.Trim() + "+", StringComparison.Ordinal);
    }

    [Fact]
    public void TheNpmPackageHasTheSameVersionAsTheDotnetPackages()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root(), "sdk", "js", "package.json")));

        Assert.Equal(PropsVersion(), package.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void EveryReleasedVersionUpToTheCurrentOneHasAChangelogSection()
    {
        var changelog = File.ReadAllText(Path.Combine(Root(), "CHANGELOG.md"));

        Assert.Contains($"## [{PropsVersion()}]", changelog, StringComparison.Ordinal);
    }

    private static string PropsVersion() =>
        PropsVersionPattern().Match(File.ReadAllText(Path.Combine(Root(), "Directory.Build.props"))).Groups[1].Value;

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mudbase.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Mudbase.slnx not found");
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex PropsVersionPattern();
}
