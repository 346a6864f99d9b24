using System.Net;
using System.Net.Sockets;

namespace Symphony.Application.Common;

/// <summary>A list of networks (CIDR ranges or single addresses) from configuration, matched with IPv4-mapped IPv6 unwrapped.</summary>
public sealed class NetworkList
{
    private readonly IPNetwork[] _networks;

    private NetworkList(IPNetwork[] networks) => _networks = networks;

    public static NetworkList Empty { get; } = new([]);

    public bool IsEmpty => _networks.Length == 0;

    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Parses "10.0.0.0/8", "fd00::/8" or "192.0.2.7"; a malformed entry stops the start with a message naming the setting.</summary>
    public static NetworkList Parse(IEnumerable<string> entries, string setting)
    {
        var networks = new List<IPNetwork>();
        foreach (var raw in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (IPNetwork.TryParse(raw, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(raw, out var address))
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else
                throw new InvalidOperationException($"{setting}: '{raw}' is not an address or a CIDR range such as 10.0.0.0/8.");
        }
        return new NetworkList([.. networks]);
    }

    public bool Contains(IPAddress address)
    {
        var normal = Normalize(address);
        return _networks.Any(n => n.Contains(normal));
    }

    /// <summary>IPv4-mapped IPv6 (::ffff:127.0.0.1) is the IPv4 address it carries.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
