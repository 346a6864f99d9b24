using System.Runtime.InteropServices;

namespace Symphony.Server.Hosting;

/// <summary>
/// The data folder (SQLite database with its WAL, key files, data-protection keys) is the service user's alone:
/// the process creates files 0600 and folders 0700 (umask 077), and at every start the folder and what is already
/// in it are brought back to those modes, for installations made before or copied in by hand.
/// </summary>
public static class DataFolder
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Secure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        _ = Umask(0b000_111_111); // answers the previous mask, which is not needed
        var folder = Directory.CreateDirectory(path, FolderMode);
        Tighten(folder);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(DirectoryInfo folder)
    {
        if (folder.UnixFileMode != FolderMode) folder.UnixFileMode = FolderMode;
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) continue;
            if (entry is DirectoryInfo child) Tighten(child);
            else if (entry.UnixFileMode != FileMode) entry.UnixFileMode = FileMode;
        }
    }

    // A plain DllImport: LibraryImport would need unsafe code for this one blittable call.
    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
}
