using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>The <c>/api/auth</c> endpoints. Register, login and refresh store the new access token in the client.</summary>
public sealed class AuthClient
{
    private readonly MudbaseTransport transport;

    internal AuthClient(MudbaseTransport transport) => this.transport = transport;

    /// <summary>Creates an account and its organisation, and signs in.</summary>
    public Task<AuthResponse> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken = default) =>
        SignInAsync("api/auth/register", request, MudbaseJsonContext.Default.RegisterRequest, cancellationToken);

    /// <summary>Signs in with e-mail and password.</summary>
    public Task<AuthResponse> LoginAsync(LoginRequest request, CancellationToken cancellationToken = default) =>
        SignInAsync("api/auth/login", request, MudbaseJsonContext.Default.LoginRequest, cancellationToken);

    /// <summary>Exchanges a refresh token for a new token pair; the old refresh token is spent.</summary>
    public Task<AuthResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default) =>
        SignInAsync("api/auth/refresh", new RefreshRequest(refreshToken), MudbaseJsonContext.Default.RefreshRequest, cancellationToken);

    /// <summary>Revokes the session family of <paramref name="refreshToken"/> and forgets the access token.</summary>
    public async Task LogoutAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        await transport.SendAsync(HttpMethod.Post, "api/auth/logout", new RefreshRequest(refreshToken),
            MudbaseJsonContext.Default.RefreshRequest, MudbaseJsonContext.Default.MessageResponse, cancellationToken);
        transport.SetJwt(null);
    }

    /// <summary>The current session.</summary>
    public Task<SessionResponse> GetSessionAsync(CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Get, "api/auth/session", MudbaseJsonContext.Default.SessionResponse, cancellationToken);

    private async Task<AuthResponse> SignInAsync<TRequest>(
        string path, TRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> type, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Post, path, request, type, MudbaseJsonContext.Default.AuthResponse, cancellationToken);
        transport.SetJwt(response.Token);
        return response;
    }
}
