namespace Mudbase.Server.Outcomes;

/// <summary>Why a service declined a request; the endpoint turns it into an HTTP status.</summary>
internal enum RefusalKind
{
    /// <summary>The input is invalid (400).</summary>
    Invalid,

    /// <summary>The caller's identity is missing, gone or not proven (401).</summary>
    Unauthenticated,

    /// <summary>The caller may not do this (403).</summary>
    Forbidden,

    /// <summary>The thing asked for does not exist for this caller (404).</summary>
    NotFound,

    /// <summary>The request contradicts the current state (409).</summary>
    Conflict,

    /// <summary>Too many attempts; try again after <see cref="Refusal.RetryAfter"/> (429).</summary>
    RateLimited,
}
