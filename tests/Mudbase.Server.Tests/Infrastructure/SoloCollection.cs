namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>Tests that load the whole machine with several server processes run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloCollection
{
    public const string Name = "solo";
}
