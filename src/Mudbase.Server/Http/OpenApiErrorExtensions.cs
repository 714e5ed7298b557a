using Mudbase.Contracts;

namespace Mudbase.Server.Http;

internal static class OpenApiErrorExtensions
{
    /// <summary>Documents that these statuses answer with the Mudbase problem body.</summary>
    public static TBuilder ProducesMudbaseErrors<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statusCodes)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorBody), ["application/problem+json"]));
        return builder;
    }
}
