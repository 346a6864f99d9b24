using Symphony.Application.Identity;

namespace Symphony.Application.Tests;

public sealed class SignInDelayScheduleTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(3, null)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(6, 4)]
    [InlineData(12, 256)]
    [InlineData(13, 512)]
    [InlineData(14, 900)]
    [InlineData(1_000_000, 900)]
    public void Waits_double_after_the_free_failures_up_to_the_cap(int failures, int? seconds) =>
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), SignInThrottle.Delay(failures, free: 3, cap: TimeSpan.FromMinutes(15)));

    [Fact]
    public void The_account_wide_wait_never_exceeds_its_short_cap() =>
        Assert.Equal(TimeSpan.FromMinutes(1), SignInThrottle.Delay(40, free: 20, cap: TimeSpan.FromMinutes(1)));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "unknown")]
    public void Addresses_count_as_themselves_and_ipv6_ones_by_their_64_network(string? ip, string counted) =>
        Assert.Equal(counted, SignInThrottle.CountedAddress(ip));
}
