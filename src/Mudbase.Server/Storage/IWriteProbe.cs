namespace Mudbase.Server.Storage;

/// <summary>Proves the database still takes writes: commits a row of a few pages, then removes it.</summary>
internal interface IWriteProbe
{
    /// <summary>Null when the write committed; otherwise why it did not.</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
