using Symphony.Application.Identity;
using Symphony.Infrastructure.Identity;

namespace Symphony.Infrastructure.Tests;

public sealed class PasswordHasherTests
{
    private readonly Pbkdf2PasswordHasher _hasher = new(1000);

    [Fact]
    public void A_hash_verifies_its_password_and_no_other()
    {
        var hash = _hasher.Hash("Correct1Horse");
        Assert.Equal(PasswordCheck.Success, _hasher.Verify(hash, "Correct1Horse"));
        Assert.Equal(PasswordCheck.Failed, _hasher.Verify(hash, "correct1horse"));
        Assert.DoesNotContain("Correct1Horse", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(_hasher.Hash("Correct1Horse"), _hasher.Hash("Correct1Horse"));
    }

    [Fact]
    public void A_hash_with_fewer_iterations_verifies_and_asks_for_a_rehash()
    {
        var old = new Pbkdf2PasswordHasher(500).Hash("Correct1Horse");
        Assert.Equal(PasswordCheck.SuccessRehashNeeded, _hasher.Verify(old, "Correct1Horse"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha512$x$y$z")]
    [InlineData("pbkdf2-sha512$1000$not base64$AAAA")]
    public void Malformed_hashes_never_verify(string hash) =>
        Assert.Equal(PasswordCheck.Failed, _hasher.Verify(hash, "anything"));
}
