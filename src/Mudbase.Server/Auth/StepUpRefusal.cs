using Mudbase.Server.Http;

namespace Mudbase.Server.Auth;

/// <summary>Why a step-up check refused; each endpoint maps it to the status its contract declares.</summary>
internal enum StepUpFailure
{
    NeedsSignedInUser,
    AccountGone,
    RateLimited,
    PasswordMissing,
    PasswordWrong,
    CodeMissing,
    CodeWrong,
}

internal sealed record StepUpRefusal(StepUpFailure Failure, TimeSpan RetryAfter = default)
{
    /// <summary>The answer of most sensitive actions: 401 for a wrong or missing proof of identity.</summary>
    public ApiProblem ToProblem() => Failure switch
    {
        StepUpFailure.NeedsSignedInUser => ApiProblem.Forbidden("This action needs a signed-in user"),
        StepUpFailure.AccountGone => ApiProblem.Unauthorized("The account no longer exists"),
        StepUpFailure.RateLimited => ApiProblem.RateLimited(RetryAfter),
        StepUpFailure.PasswordMissing => ApiProblem.Validation("currentPassword", "is required to confirm this action"),
        StepUpFailure.PasswordWrong => ApiProblem.Unauthorized("Current password is incorrect"),
        StepUpFailure.CodeMissing => new ApiProblem(StatusCodes.Status401Unauthorized, StrongAuthErrors.MfaRequired,
            "A two-factor code is required to confirm this action"),
        _ => ApiProblem.Unauthorized("Invalid or already used two-factor code"),
    };
}
