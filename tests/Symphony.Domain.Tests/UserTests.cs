using Symphony.Domain.Access;
using Symphony.Domain.Identity;

namespace Symphony.Domain.Tests;

public sealed class UserTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Only_an_enabled_active_admin_counts_as_admin_for_the_last_admin_rule()
    {
        Assert.True(new User { Username = "a", Role = UserRole.Admin }.IsEffectiveAdmin);
        Assert.False(new User { Username = "a", Role = UserRole.Admin, IsDisabled = true }.IsEffectiveAdmin);
        Assert.False(new User { Username = "a", Role = UserRole.Admin, IsActive = false }.IsEffectiveAdmin);
        Assert.False(new User { Username = "a", Role = UserRole.Operator }.IsEffectiveAdmin);
    }

    [Theory]
    [InlineData("Short1A", false)]
    [InlineData("alllowercase1", false)]
    [InlineData("ALLUPPERCASE1", false)]
    [InlineData("NoDigitsHere", false)]
    [InlineData("Good1Password", true)]
    [InlineData("", false)]
    public void Password_policy_needs_length_upper_lower_and_digit(string password, bool ok) =>
        Assert.Equal(ok, PasswordPolicy.Check(password).Count == 0);

    [Fact]
    public void Password_policy_refuses_more_than_128_characters()
    {
        Assert.Empty(PasswordPolicy.Check("Aa1" + new string('x', 125)));
        Assert.NotEmpty(PasswordPolicy.Check("Aa1" + new string('x', 126)));
    }

    [Fact]
    public void Revoking_a_session_makes_it_unusable_and_keeps_the_first_reason()
    {
        var session = new AuthSession { ExpiresAt = Now.AddDays(1) };
        Assert.True(session.IsUsable(Now));
        session.Revoke(Now, "logout");
        session.Revoke(Now.AddMinutes(1), "other");
        Assert.False(session.IsUsable(Now));
        Assert.Equal("logout", session.RevokedReason);
    }
}
