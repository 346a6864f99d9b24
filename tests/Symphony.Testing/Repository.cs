namespace Symphony.Testing;

/// <summary>The checkout the tests run from, for tests that read docs.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Symphony.sln"))) return dir.FullName;
        throw new InvalidOperationException("Symphony.sln not found above the test output.");
    }
}
