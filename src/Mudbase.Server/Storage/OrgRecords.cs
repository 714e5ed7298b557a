namespace Mudbase.Server.Storage;

/// <summary>An organisation's profile.</summary>
internal sealed record OrgRecord(
    string Id, string Name, string Slug, string? Description, string? Website, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt);

/// <summary>A change to an organisation's profile; a null field is left as it is.</summary>
internal sealed record OrgChange(string? Name, string? Description, string? Website);
