namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Files of the repository the tests were built from, for checks of the documentation.</summary>
public static class RepositoryFiles
{
    public static string Read(params string[] relativePath) => File.ReadAllText(Path.Combine([Root, .. relativePath]));

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mudbase.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Mudbase.slnx not found above " + AppContext.BaseDirectory);
    }
}
