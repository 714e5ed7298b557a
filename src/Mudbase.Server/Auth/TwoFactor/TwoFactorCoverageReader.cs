using Mudbase.Contracts;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth.TwoFactor;

/// <summary>Two-factor coverage of an organisation's members, for the compliance summary.</summary>
internal sealed class TwoFactorCoverageReader(IAccessStore access, IStrongAuthStore strongAuth, IOrgPolicyStore policies)
{
    public async Task<TwoFactorCoverage> ReadAsync(string orgId, CancellationToken cancellationToken)
    {
        var members = await access.ListMembersAsync(orgId, cancellationToken);
        var enabled = await strongAuth.MfaEnabledMembersAsync(orgId, cancellationToken);
        var required = (await policies.GetPolicyAsync(orgId, cancellationToken)).RequireMfaForRoles;
        var on = members.Count(m => enabled.Contains(m.UserId));
        return new TwoFactorCoverage(members.Count, on, members.Count == 0 ? 0 : Math.Round(100.0 * on / members.Count, 1), required,
            members.Count(m => required.Contains(m.Role) && !enabled.Contains(m.UserId)));
    }
}
