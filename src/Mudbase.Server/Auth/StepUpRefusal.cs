using Mudbase.Server.Http;
using Mudbase.Server.Outcomes;

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
    public Refusal ToRefusal() => Failure switch
    {
        StepUpFailure.NeedsSignedInUser => Refusal.Forbidden("This action needs a signed-in user"),
        StepUpFailure.AccountGone => Refusal.Unauthenticated("The account no longer exists"),
        StepUpFailure.RateLimited => Refusal.RateLimited(RetryAfter),
        StepUpFailure.PasswordMissing => Refusal.Invalid("currentPassword", "is required to confirm this action"),
        StepUpFailure.PasswordWrong => Refusal.Unauthenticated("Current password is incorrect"),
        StepUpFailure.CodeMissing => Refusal.Unauthenticated("A two-factor code is required to confirm this action") with { Code = StrongAuthErrors.MfaRequired },
        _ => Refusal.Unauthenticated("Invalid or already used two-factor code"),
    };

    /// <summary><see cref="ToRefusal"/> as an HTTP answer.</summary>
    public ApiProblem ToProblem() => ApiProblem.From(ToRefusal());
}
