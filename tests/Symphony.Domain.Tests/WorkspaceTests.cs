using Symphony.Domain.Common;
using Symphony.Domain.Repos;
using Symphony.Domain.Vaults;

namespace Symphony.Domain.Tests;

public sealed class WorkspaceTests
{
    [Fact]
    public void A_locked_vault_refuses_use_and_unlocking_allows_it_again()
    {
        var vault = new Vault { Name = "prod" };
        vault.EnsureUnlocked();
        vault.Lock(Guid.NewGuid(), DateTime.UtcNow);
        var error = Assert.Throws<DomainException>(vault.EnsureUnlocked);
        Assert.Equal(MessageCodes.VaultLocked, error.Code);
        vault.Unlock();
        vault.EnsureUnlocked();
        Assert.Null(vault.LockedAt);
    }

    [Fact]
    public void Locking_a_locked_vault_or_unlocking_an_unlocked_one_is_an_invalid_transition()
    {
        var vault = new Vault { Name = "prod" };
        Assert.Equal(MessageCodes.InvalidStateTransition, Assert.Throws<DomainException>(vault.Unlock).Code);
        vault.Lock(null, DateTime.UtcNow);
        Assert.Equal(MessageCodes.InvalidStateTransition, Assert.Throws<DomainException>(() => vault.Lock(null, DateTime.UtcNow)).Code);
    }

    [Theory]
    [InlineData("https://github.com/acme/db-scripts.git")]
    [InlineData("http://git.internal/acme/db-scripts")]
    [InlineData("ssh://git@git.internal:2222/acme/db-scripts.git")]
    [InlineData("git://git.internal/acme/db-scripts")]
    [InlineData("git@github.com:acme/db-scripts.git")]
    public void Accepted_remote_url_forms(string url) => Assert.Null(Repo.CheckRemoteUrl(url));

    [Theory]
    [InlineData("ftp://host/repo")]
    [InlineData("https://host")]
    [InlineData("https://user:secret@github.com/acme/x.git")]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    public void Refused_remote_url_forms(string url) => Assert.NotNull(Repo.CheckRemoteUrl(url));

    [Theory]
    [InlineData("/srv/repos/db", true)]
    [InlineData("relative/path", false)]
    [InlineData("/srv/../etc", false)]
    public void Local_paths_must_be_absolute_without_parent_steps(string path, bool ok) =>
        Assert.Equal(ok, Repo.CheckLocalPath(path) is null);

    [Theory]
    [InlineData("default", true)]
    [InlineData("team-a-prod", true)]
    [InlineData("Team", false)]
    [InlineData("-lead", false)]
    [InlineData("double--dash", false)]
    public void Slugs_are_lower_case_words_joined_by_dashes(string slug, bool ok) =>
        Assert.Equal(ok, Names.Slug().IsMatch(slug));

    [Fact]
    public void New_ids_are_uuid_v7_and_time_ordered()
    {
        var first = Entity.NewId();
        Thread.Sleep(2);
        var second = Entity.NewId();
        Assert.Equal(7, first.Version);
        Assert.True(string.CompareOrdinal(first.ToString(), second.ToString()) < 0);
    }
}
