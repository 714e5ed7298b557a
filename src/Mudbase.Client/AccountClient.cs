using System.Net.Http.Json;
using System.Text.Json;
using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>
/// The signed-in user's own security: two-factor sign-in (TOTP), sign-in with a second factor, password and profile,
/// and the organisation's two-factor policy.
/// </summary>
public sealed class AccountClient
{
    private readonly MudbaseTransport transport;

    internal AccountClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>
    /// Signs in with e-mail and password. For an account with two-factor sign-in the answer is a challenge instead of
    /// tokens: pass it to <see cref="CompleteLoginAsync"/> with a code.
    /// </summary>
    public async Task<LoginResult> LoginAsync(LoginRequest request, CancellationToken cancellationToken = default)
    {
        using var message = transport.Create(HttpMethod.Post, "api/auth/login");
        message.Content = JsonContent.Create(request, MudbaseJsonContext.Default.LoginRequest);
        using var response = await transport.SendRawAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.TryGetProperty("twoFactorRequired", out var required) && required.ValueKind == JsonValueKind.True)
            return new LoginResult(null, JsonSerializer.Deserialize(text, MudbaseJsonContext.Default.LoginChallengeResponse));
        var tokens = JsonSerializer.Deserialize(text, MudbaseJsonContext.Default.AuthResponse)!;
        transport.SetJwt(tokens.Token);
        return new LoginResult(tokens, null);
    }

    /// <summary>The second sign-in step: a current code or an unused recovery code. Stores the new access token.</summary>
    public async Task<AuthResponse> CompleteLoginAsync(string challengeToken, string code, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Post, "api/auth/login/2fa", new LoginTwoFactorRequest(challengeToken, code),
            MudbaseJsonContext.Default.LoginTwoFactorRequest, MudbaseJsonContext.Default.AuthResponse, cancellationToken);
        transport.SetJwt(response.Token);
        return response;
    }

    /// <summary>Whether two-factor sign-in is on, and recovery codes left.</summary>
    public Task<TwoFactorStatusResponse> GetTwoFactorStatusAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "api/users/2fa", MudbaseJsonContext.Default.TwoFactorStatusResponse, cancellationToken);

    /// <summary>A new TOTP secret with its otpauth URI and QR code; nothing is enabled until <see cref="VerifyTwoFactorAsync"/>.</summary>
    public async Task<TwoFactorSetupResponse> SetupTwoFactorAsync(CancellationToken cancellationToken = default)
    {
        using var message = transport.Create(HttpMethod.Post, "api/users/2fa/setup");
        using var response = await transport.SendRawAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(MudbaseJsonContext.Default.TwoFactorSetupResponse, cancellationToken))!;
    }

    /// <summary>Enables two-factor sign-in with a current code; the answer holds the one-time recovery codes.</summary>
    public Task<TwoFactorVerifyResponse> VerifyTwoFactorAsync(string code, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, "api/users/2fa/verify", new TwoFactorVerifyRequest(code),
            MudbaseJsonContext.Default.TwoFactorVerifyRequest, MudbaseJsonContext.Default.TwoFactorVerifyResponse, cancellationToken);

    /// <summary>Disables two-factor sign-in; needs the password and a current or recovery code.</summary>
    public Task<MessageResponse> DisableTwoFactorAsync(string password, string code, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, "api/users/2fa/disable", new TwoFactorDisableRequest(password, code),
            MudbaseJsonContext.Default.TwoFactorDisableRequest, MudbaseJsonContext.Default.MessageResponse, cancellationToken);

    /// <summary>Changes the password; every other session is revoked and this client switches to the new access token.</summary>
    public async Task<ChangePasswordResponse> ChangePasswordAsync(ChangePasswordRequest request, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendAsync(HttpMethod.Patch, "api/users/password", request,
            MudbaseJsonContext.Default.ChangePasswordRequest, MudbaseJsonContext.Default.ChangePasswordResponse, cancellationToken);
        transport.SetJwt(response.Token);
        return response;
    }

    /// <summary>Updates names, avatar or e-mail (the e-mail needs the current password).</summary>
    public Task<UpdateProfileResponse> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Patch, "api/users/update", request,
            MudbaseJsonContext.Default.UpdateProfileRequest, MudbaseJsonContext.Default.UpdateProfileResponse, cancellationToken);

    /// <summary>The roles the organisation requires two-factor sign-in of.</summary>
    public Task<MfaPolicyResponse> GetMfaPolicyAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "api/org/mfa-policy", MudbaseJsonContext.Default.MfaPolicyResponse, cancellationToken);

    /// <summary>Requires two-factor sign-in of these roles (owners only).</summary>
    public Task<MfaPolicyResponse> SetMfaPolicyAsync(IReadOnlyList<string> requireMfaForRoles, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Put, "api/org/mfa-policy", new MfaPolicyRequest(requireMfaForRoles),
            MudbaseJsonContext.Default.MfaPolicyRequest, MudbaseJsonContext.Default.MfaPolicyResponse, cancellationToken);
}

/// <summary>The outcome of a password sign-in: tokens, or a challenge for the second factor.</summary>
/// <param name="Tokens">The signed-in session, when no second factor was needed.</param>
/// <param name="Challenge">The challenge to complete with a code.</param>
public sealed record LoginResult(AuthResponse? Tokens, LoginChallengeResponse? Challenge);
