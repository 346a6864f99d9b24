namespace Symphony.Infrastructure.Common;

/// <summary>How a node names itself to other nodes (leases, the scheduler cluster, firings): host, process id and a random part.</summary>
internal static class NodeNames
{
    /// <summary>Unique per start of a process, and names the process an operator can find on its host.</summary>
    public static string New() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
