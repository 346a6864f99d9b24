namespace Symphony.Domain.Fleet;

/// <summary>
/// The names of an account's sign-in states, one vocabulary for both engines (what each means, and how a snapshot is
/// judged, is <c>Application/Fleet/SignInStates.cs</c>); the rule language checks <c>sign_in_state_in</c> against them.
/// </summary>
public static class SignInStateNames
{
    public const string CanSignIn = "can_sign_in", Role = "role", PasswordExpired = "password_expired", AccountLocked = "account_locked",
        ValidityEnded = "validity_ended", NoLoginPlugin = "no_login_plugin";

    public static IReadOnlyList<string> All { get; } = [CanSignIn, Role, PasswordExpired, AccountLocked, ValidityEnded, NoLoginPlugin];
}
