using Symphony.Application.Fleet;

namespace Symphony.Infrastructure.Fleet;

/// <summary>The per-account lists a collector fills while it reads a server's catalogs, and their order in a snapshot.</summary>
internal static class GrantMaps
{
    public static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }

    /// <summary>Ordinal order, so a snapshot's JSON (and its hash) does not depend on the order the server answered in.</summary>
    public static List<T> Sorted<T>(List<T>? values, Func<T, string> key) =>
        values is null ? [] : values.OrderBy(key, StringComparer.Ordinal).ToList();

    /// <summary>By object, kind, privilege and grantor, without building a key per grant (there may be a hundred thousand).</summary>
    public static List<ObjectGrant> SortedObjects(List<ObjectGrant>? grants) =>
        grants is null ? [] : grants.OrderBy(g => g.Object, StringComparer.Ordinal).ThenBy(g => g.Kind, StringComparer.Ordinal)
            .ThenBy(g => g.Privilege, StringComparer.Ordinal).ThenBy(g => g.Grantor, StringComparer.Ordinal).ToList();
}
