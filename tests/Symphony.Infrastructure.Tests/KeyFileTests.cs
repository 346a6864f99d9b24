using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Tests;

public sealed class KeyFileTests
{
    [Fact]
    public void A_key_file_is_created_once_readable_by_the_owner_only_and_read_back()
    {
        var path = Path.Combine(Path.GetTempPath(), "symphony-tests", Guid.NewGuid().ToString("N"), "keys", "test.key");
        var first = KeyFiles.LoadOrCreate(path, 32);
        var second = KeyFiles.LoadOrCreate(path, 32);
        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, true);
    }
}
