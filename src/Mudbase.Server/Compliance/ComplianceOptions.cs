namespace Mudbase.Server.Compliance;

/// <summary>Facts about the deployment that the server cannot observe itself (section <c>Mudbase:Compliance</c>).</summary>
internal sealed class ComplianceOptions
{
    public const string Section = "Mudbase:Compliance";

    /// <summary>Set when the data directory or database volume is encrypted at rest (disk or database encryption).</summary>
    public bool EncryptionAtRest { get; set; }
}
