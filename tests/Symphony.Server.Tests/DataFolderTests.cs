using System.Net;
using Symphony.Server.Hosting;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(SqliteContractServer.Name)]
public sealed class DataFolderTests(SqliteApp app)
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Everything_the_server_writes_in_its_data_folder_is_readable_by_its_user_only()
    {
        // A write, so the database and its WAL are surely there.
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug = "df-" + Guid.NewGuid().ToString("N")[..8], name = "x" }))).StatusCode);
        var folder = new DirectoryInfo(app.Database.Directory);

        Assert.Equal(OwnerOnlyFolder, folder.UnixFileMode);
        var files = folder.EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.Name == "symphony.db-wal");
        Assert.Contains(files, f => f.Directory!.Name == "data-protection");
        Assert.All(files, f => Assert.True(f.UnixFileMode == OwnerOnlyFile, $"{f.FullName} is {f.UnixFileMode}"));
        Assert.All(folder.EnumerateDirectories("*", SearchOption.AllDirectories), d => Assert.Equal(OwnerOnlyFolder, d.UnixFileMode));
    }

    [Fact]
    public void A_data_folder_left_open_by_an_earlier_install_is_closed_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("symphony-open-");
        try
        {
            var keys = folder.CreateSubdirectory("keys");
            var file = Path.Combine(keys.FullName, "old.key");
            File.WriteAllText(file, "x");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            folder.UnixFileMode = OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            keys.UnixFileMode = folder.UnixFileMode;

            DataFolder.Secure(folder.FullName);

            Assert.Equal(OwnerOnlyFolder, new DirectoryInfo(folder.FullName).UnixFileMode);
            Assert.Equal(OwnerOnlyFolder, new DirectoryInfo(keys.FullName).UnixFileMode);
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
