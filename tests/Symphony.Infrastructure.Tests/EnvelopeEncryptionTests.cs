using System.Security.Cryptography;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Vaults;

namespace Symphony.Infrastructure.Tests;

public sealed class EnvelopeEncryptionTests
{
    private const string Row = "symphony:credential:01a2";
    private static readonly byte[] KeyOne = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyTwo = RandomNumberGenerator.GetBytes(32);

    private static EnvelopeEncryption With(string active, params (string Id, byte[] Key)[] keys) =>
        new(new MasterKeyRing(keys.ToDictionary(k => k.Id, k => k.Key), active));

    private static void AssertUnreadable(Action action) =>
        Assert.Equal(MessageCodes.SecretUnreadable, Assert.Throws<DomainException>(action).Code);

    [Fact]
    public void A_secret_comes_back_as_it_went_in_and_is_not_in_what_is_stored()
    {
        var protector = With("k1", ("k1", KeyOne));
        var stored = protector.Protect("pa55-wörd ✓", Row);

        Assert.Equal("pa55-wörd ✓", protector.Unprotect(stored, Row));
        Assert.Equal("k1", stored.KeyId);
        Assert.DoesNotContain("pa55", System.Text.Encoding.UTF8.GetString(stored.Ciphertext), StringComparison.Ordinal);
        Assert.NotEqual(stored.Ciphertext, protector.Protect("pa55-wörd ✓", Row).Ciphertext);
    }

    [Fact]
    public void Any_altered_byte_of_the_ciphertext_or_the_wrapped_key_is_detected()
    {
        var protector = With("k1", ("k1", KeyOne));
        var stored = protector.Protect("secret", Row);
        for (var i = 0; i < stored.Ciphertext.Length; i++)
        {
            var altered = (byte[])stored.Ciphertext.Clone();
            altered[i] ^= 0x01;
            AssertUnreadable(() => protector.Unprotect(stored with { Ciphertext = altered }, Row));
        }
        var key = (byte[])stored.WrappedKey.Clone();
        key[^1] ^= 0x80;
        AssertUnreadable(() => protector.Unprotect(stored with { WrappedKey = key }, Row));
        AssertUnreadable(() => protector.Unprotect(stored with { Ciphertext = stored.Ciphertext[..10] }, Row));
    }

    [Fact]
    public void A_secret_copied_to_another_row_does_not_decrypt_there()
    {
        var protector = With("k1", ("k1", KeyOne));
        var stored = protector.Protect("secret", Row);
        AssertUnreadable(() => protector.Unprotect(stored, "symphony:credential:other"));
        // Nor does another row's wrapped key with this row's ciphertext.
        var other = protector.Protect("secret", "symphony:credential:other");
        AssertUnreadable(() => protector.Unprotect(stored with { WrappedKey = other.WrappedKey }, Row));
    }

    [Fact]
    public void After_rotation_old_secrets_still_decrypt_and_rewrapped_ones_need_only_the_new_key()
    {
        var before = With("k1", ("k1", KeyOne)).Protect("secret", Row);
        var both = With("k2", ("k1", KeyOne), ("k2", KeyTwo));

        Assert.Equal("secret", both.Unprotect(before, Row));
        var rewrapped = both.Rewrap(before, Row);
        Assert.Equal(("k2", before.Ciphertext), (rewrapped.KeyId, rewrapped.Ciphertext));
        Assert.Same(rewrapped, both.Rewrap(rewrapped, Row));

        Assert.Equal("secret", With("k2", ("k2", KeyTwo)).Unprotect(rewrapped, Row));
        AssertUnreadable(() => With("k1", ("k1", KeyOne)).Unprotect(rewrapped, Row));
        // A key id is bound to its wrapped key: relabelling it does not help.
        AssertUnreadable(() => With("k2", ("k2", KeyOne)).Unprotect(before with { KeyId = "k2" }, Row));
    }

    [Fact]
    public void Key_files_are_created_on_first_use_readable_by_the_owner_and_the_newest_is_active()
    {
        var data = Directory.CreateTempSubdirectory("symphony-keys-").FullName;
        try
        {
            var first = MasterKeyRing.From(new SecretsOptions(), data);
            var file = Directory.GetFiles(Path.Combine(data, "keys", "master")).Single();
            Assert.Equal($"{first.ActiveKeyId}.key", Path.GetFileName(file));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(first.Active, MasterKeyRing.From(new SecretsOptions(), data).Active);

            Thread.Sleep(5);
            var added = MasterKeyRing.AddKeyFile(data);
            var second = MasterKeyRing.From(new SecretsOptions(), data);
            Assert.Equal(added, second.ActiveKeyId);
            Assert.Equal(first.Active, second.Find(first.ActiveKeyId));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void Configured_keys_need_an_active_id_among_them_and_32_bytes_each()
    {
        var key = Convert.ToBase64String(KeyOne);
        Assert.Equal("prod-2", MasterKeyRing.From(new SecretsOptions
        {
            MasterKeys = new() { ["prod-1"] = Convert.ToBase64String(KeyTwo), ["prod-2"] = key }, ActiveKeyId = "prod-2",
        }, "/nonexistent").ActiveKeyId);
        Assert.Throws<InvalidOperationException>(() => MasterKeyRing.From(new SecretsOptions { MasterKeys = new() { ["a"] = key } }, "/x"));
        Assert.Throws<InvalidOperationException>(() =>
            MasterKeyRing.From(new SecretsOptions { MasterKeys = new() { ["a"] = key }, ActiveKeyId = "b" }, "/x"));
        Assert.Throws<InvalidOperationException>(() =>
            MasterKeyRing.From(new SecretsOptions { MasterKeys = new() { ["a"] = Convert.ToBase64String(new byte[16]) }, ActiveKeyId = "a" }, "/x"));
    }
}
