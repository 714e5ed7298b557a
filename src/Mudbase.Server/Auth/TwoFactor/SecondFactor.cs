using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth.TwoFactor;

/// <summary>Checks a second-factor code (TOTP or recovery code) and spends it, so it is never accepted twice.</summary>
internal sealed class SecondFactor(IStrongAuthStore store, TimeProvider time)
{
    public async Task<bool> IsEnabledAsync(string userId, CancellationToken cancellationToken) =>
        (await store.FindMfaAsync(userId, cancellationToken))?.EnabledAt is not null;

    /// <summary>
    /// True when <paramref name="code"/> is a current TOTP code of the user's enabled secret whose time step was not
    /// used before, or one of their unused recovery codes; the code is spent in the same step.
    /// </summary>
    public async Task<bool> AcceptAsync(string userId, string code, CancellationToken cancellationToken)
    {
        var mfa = await store.FindMfaAsync(userId, cancellationToken);
        if (mfa?.EnabledAt is null || code.Length > 64)
            return false;
        var now = time.GetUtcNow();
        if (TotpCodes.IsTotpShaped(code))
            return TotpCodes.MatchingStep(mfa.Secret, code, now) is { } step && await store.SpendStepAsync(userId, step, cancellationToken);
        return await store.SpendRecoveryCodeAsync(userId, RecoveryCodes.Hash(userId, code), now, cancellationToken);
    }
}
