using Mudbase.Server.Outcomes;

namespace Mudbase.Server.Gdpr;

/// <summary>An account erasure declined because the account is the only owner of <paramref name="SoleOwnedOrgs"/>.</summary>
internal sealed record SoleOwnerRefusal(IReadOnlyList<string> SoleOwnedOrgs)
    : Refusal(RefusalKind.Conflict, "You are the only owner of one or more organisations; transfer ownership first");
