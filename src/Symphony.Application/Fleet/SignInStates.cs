using static Symphony.Domain.Fleet.SignInStateNames;

namespace Symphony.Application.Fleet;

/// <summary>
/// Whether an account can sign in, and if not why, in one vocabulary for both engines: a NOLOGIN role (or a
/// MariaDB role) is not a locked account, and an expired password is neither. An anonymous MySQL or MariaDB account
/// (<c>''@'host'</c>) is flagged apart: it signs in with any user name.
/// </summary>
public static class SignInStates
{
    /// <summary>The account's state at <paramref name="now"/> (a validity or a password lifetime ends with time).</summary>
    public static string Of(RoleAttributes a, DateTime now)
    {
        var ended = a.ValidUntil is { } until && until <= now;
        // PostgreSQL: LOGIN or not; VALID UNTIL ends the password's validity.
        if (a.Plugin is null) return !a.Login ? Role : ended ? ValidityEnded : CanSignIn;
        if (a.AccountLocked == true) return AccountLocked;
        if (a.PasswordExpired == true || ended) return PasswordExpired;
        if (a.Plugin == "mysql_no_login") return NoLoginPlugin;
        return a.Login ? CanSignIn : Role;
    }

    /// <summary>A MySQL or MariaDB account with an empty user name, as the collector names it (<c>@host</c>).</summary>
    public static bool IsAnonymous(AccountSnapshot snapshot) => snapshot.GlobalPrivileges is not null && snapshot.Name.StartsWith('@');

    /// <summary>The state in words, for the console.</summary>
    public static string Describe(string state) => state switch
    {
        CanSignIn => "can sign in",
        Role => "a role: no sign-in",
        PasswordExpired => "password expired",
        AccountLocked => "account locked",
        ValidityEnded => "validity ended",
        NoLoginPlugin => "no sign-in (mysql_no_login)",
        _ => "not known until the next sync",
    };
}
