namespace Mudbase.Server.Common;

/// <summary>Top-level settings (section <c>Mudbase</c>).</summary>
internal sealed class MudbaseOptions
{
    public const string Section = "Mudbase";

    /// <summary>Where the SQLite database and generated keys live; created on first start.</summary>
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
