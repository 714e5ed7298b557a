using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth.TwoFactor;

/// <summary>The organisation's <c>requireMfaForRoles</c>: which roles must sign in with a second factor.</summary>
internal sealed class MfaPolicy(IOrgPolicyStore policies, SecondFactor secondFactor)
{
    /// <summary>True when the member's role requires two-factor sign-in and they have none: their tokens only allow setting it up.</summary>
    public async Task<bool> LimitsToSetupAsync(string userId, MembershipRecord membership, CancellationToken cancellationToken)
    {
        var policy = await policies.GetPolicyAsync(membership.OrgId, cancellationToken);
        return policy.RequireMfaForRoles.Contains(membership.Role, StringComparer.Ordinal)
            && !await secondFactor.IsEnabledAsync(userId, cancellationToken);
    }
}
