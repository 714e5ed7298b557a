namespace Mudbase.Bench.LoadDriver;

/// <summary><c>--name value</c> pairs after the sub-command.</summary>
internal sealed class Options(string[] args)
{
    public string Require(string name) =>
        Get(name) ?? throw new ArgumentException($"--{name} is required");

    public string? Get(string name)
    {
        for (var i = 1; i < args.Length - 1; i++)
        {
            if (args[i] == "--" + name)
                return args[i + 1];
        }
        return null;
    }

    public int Int(string name, int fallback) => Get(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        Get(name) is { } text ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
