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

    public static List<ObjectGrant> SortedObjects(List<ObjectGrant>? grants) =>
        Sorted(grants, g => $"{g.Object}\u0001{g.Kind}\u0001{g.Privilege}\u0001{g.Grantor}");
}
