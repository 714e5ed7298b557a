namespace Mudbase.Server.Auth;

/// <summary>Error codes of strong authentication, beside the common ones in <c>ErrorCodes</c>.</summary>
internal static class StrongAuthErrors
{
    /// <summary>401: the action or sign-in needs a second-factor code.</summary>
    public const string MfaRequired = "MFA_REQUIRED";

    /// <summary>403: the organisation requires two-factor sign-in of the caller's role; only setting it up is allowed.</summary>
    public const string MfaSetupRequired = "MFA_SETUP_REQUIRED";
}
