using Mudbase.Contracts;
using Mudbase.Server.Outcomes;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Auth.TwoFactor;

/// <summary>Setting up, enabling and disabling TOTP two-factor sign-in for the signed-in user.</summary>
internal sealed class TwoFactorService(
    IStrongAuthStore store, IIdentityStore identities, StepUpVerifier stepUp, StrongAuthEvents events, TimeProvider time)
{
    public async Task<(TwoFactorSetupResponse? Response, Refusal? Problem)> SetupAsync(Caller caller, CancellationToken cancellationToken)
    {
        var user = await identities.FindUserAsync(caller.Id, cancellationToken);
        if (user is null)
            return (null, Refusal.Unauthenticated("The account no longer exists"));
        var secret = TotpCodes.NewSecret();
        if (!await store.SavePendingSecretAsync(user.Id, secret, cancellationToken))
            return (null, Refusal.Conflict("Two-factor sign-in is already enabled; disable it first to set up a new authenticator"));
        var uri = TotpCodes.Uri(user.Email, secret);
        return (new TwoFactorSetupResponse(secret, TotpCodes.QrDataUri(uri), Spaced(secret), uri,
            "Scan the QR code, then confirm with POST /api/users/2fa/verify and a code from the app"), null);
    }

    public async Task<(TwoFactorVerifyResponse? Response, Refusal? Problem)> VerifyAsync(
        Caller caller, string code, string? clientIp, CancellationToken cancellationToken)
    {
        if (!TotpCodes.IsTotpShaped(code))
            return (null, Refusal.Invalid("token", $"must be the {TotpCodes.Digits}-digit code from the authenticator app"));
        var mfa = await store.FindMfaAsync(caller.Id, cancellationToken);
        if (mfa is null)
            return (null, Refusal.Conflict("Call POST /api/users/2fa/setup first"));
        if (mfa.EnabledAt is not null)
            return (null, Refusal.Conflict("Two-factor sign-in is already enabled"));
        if (TotpCodes.MatchingStep(mfa.Secret, code, time.GetUtcNow()) is not { } step)
            return (null, Refusal.Unauthenticated("Invalid two-factor code; check the authenticator's clock and try the current code"));
        var codes = RecoveryCodes.Generate();
        if (!await store.EnableMfaAsync(caller.Id, mfa.Secret, step, codes.Select(c => RecoveryCodes.Hash(caller.Id, c)).ToList(),
                time.GetUtcNow(), cancellationToken))
            return (null, Refusal.Conflict("The setup changed meanwhile; set up again"));
        await events.MfaEnabledAsync(caller, clientIp, cancellationToken);
        return (new TwoFactorVerifyResponse("2FA enabled successfully", true, codes), null);
    }

    public async Task<(MessageResponse? Response, Refusal? Problem)> DisableAsync(
        Caller caller, StepUpProof proof, string? clientIp, CancellationToken cancellationToken)
    {
        if ((await store.FindMfaAsync(caller.Id, cancellationToken))?.EnabledAt is null)
            return (null, Refusal.Conflict("Two-factor sign-in is not enabled"));
        if (await stepUp.RefuseAsync(caller, proof, clientIp, cancellationToken) is { } problem)
            return (null, problem);
        await store.DisableMfaAsync(caller.Id, cancellationToken);
        await events.MfaDisabledAsync(caller, clientIp, cancellationToken);
        return (new MessageResponse(true, "2FA disabled successfully"), null);
    }

    public async Task<TwoFactorStatusResponse> StatusAsync(Caller caller, CancellationToken cancellationToken)
    {
        var mfa = await store.FindMfaAsync(caller.Id, cancellationToken);
        var enabled = mfa?.EnabledAt is not null;
        return new TwoFactorStatusResponse(enabled, mfa?.EnabledAt,
            enabled ? await store.CountUnusedRecoveryCodesAsync(caller.Id, cancellationToken) : 0);
    }

    private static string Spaced(string secret) =>
        string.Join(' ', secret.Chunk(4).Select(chunk => new string(chunk)));
}
