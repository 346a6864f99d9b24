namespace Symphony.Application.Common;

/// <summary>
/// This node's one name among the nodes, made once per start of a host: "host:pid:random". Its worker leases items
/// under it, its scheduler checks in with it, its messages to the other nodes carry it, and its firings record it.
/// The host and process let a restarted node find what its previous run held and an operator find the process.
/// </summary>
public sealed record NodeName(string Value)
{
    public static NodeName New() => new($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>A name an earlier process on this host took, now gone (or one whose number this process has again).</summary>
    public static bool IsEarlierRunOnThisHost(string name)
    {
        var parts = name.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid)) return false;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    public override string ToString() => Value;
}
