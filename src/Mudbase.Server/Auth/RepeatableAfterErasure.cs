namespace Mudbase.Server.Auth;

/// <summary>
/// Endpoint metadata: the account holder may repeat this request with the access token they erased their account
/// with, although the account has no membership left, and is told it is already erased. Every other endpoint refuses
/// that token at once.
/// </summary>
internal sealed class RepeatableAfterErasure;
