namespace Symphony.Domain.Retention;

/// <summary>What one item of a retention run deletes.</summary>
public enum RetentionKind
{
    Runs,
    Firings,
    Capacity,
    Audit,
    Orchestration,
    AccountChanges,
}

public static class RetentionKinds
{
    public static IReadOnlyList<RetentionKind> All { get; } = Enum.GetValues<RetentionKind>();

    /// <summary>The kind as items and results name it: <c>account_changes</c>.</summary>
    public static string Name(RetentionKind kind) =>
        System.Text.RegularExpressions.Regex.Replace(kind.ToString(), "(?<=[a-z])([A-Z])", "_$1").ToLowerInvariant();

    public static RetentionKind? Named(string? name) => All.Where(k => Name(k) == name).Cast<RetentionKind?>().FirstOrDefault();
}
