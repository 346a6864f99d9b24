using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Symphony.Domain.Common;

namespace Symphony.Application.Common;

/// <summary>
/// The one egress policy of outbound HTTP calls. By default every address is allowed except the ones that lead
/// inside: loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254), unique-local,
/// multicast and reserved ranges, the IPv6 forms that carry such an IPv4 address, the cloud metadata host
/// names, and this server's own addresses. An installation opts in to what it needs with allowed hosts and
/// networks. The check is made on the address actually connected to (see the HTTP client's connect callback),
/// so host names that resolve inside, numeric spellings and IPv4-mapped IPv6 are all caught.
/// </summary>
public sealed class EgressPolicy
{
    private static readonly (string Range, string What)[] RefusedRanges =
    [
        ("0.0.0.0/8", "a 'this network' address"),
        ("10.0.0.0/8", "a private address"),
        ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address (cloud metadata lives there)"),
        ("172.16.0.0/12", "a private address"),
        ("192.0.0.0/24", "an IETF protocol address"),
        ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("168.63.129.16/32", "a cloud platform address"),
        ("::1/128", "a loopback address"),
        ("::/96", "an unspecified or IPv4-compatible address"),
        ("::ffff:0:0:0/96", "an IPv4-translated address"),
        ("64:ff9b:1::/48", "a local NAT64 address"),
        ("2001::/32", "a Teredo address"),
        ("fc00::/7", "a unique-local address"),
        ("fe80::/10", "a link-local address"),
        ("ff00::/8", "a multicast address"),
    ];

    /// <summary>Names of cloud metadata services, refused by name too (they may resolve through a local resolver).</summary>
    private static readonly string[] MetadataHosts =
        ["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal"];

    private static readonly (IPNetwork Network, string What)[] Refused =
        [.. RefusedRanges.Select(r => (IPNetwork.Parse(r.Range), r.What))];

    /// <summary>How long the list of this server's own addresses is trusted before it is read again (interfaces come and go).</summary>
    private static readonly TimeSpan OwnAddressesAge = TimeSpan.FromMinutes(1);

    private readonly EgressOptions _options;
    private readonly NetworkList _allowedNetworks;
    private readonly Func<IEnumerable<IPAddress>> _readOwnAddresses;
    // Replaced whole (a reference), so a reader never sees a torn pair.
    private OwnAddressList _ownAddresses = new([], DateTime.MinValue);

    private sealed record OwnAddressList(HashSet<IPAddress> Addresses, DateTime ReadAt);

    private readonly TimeProvider _clock;

    public EgressPolicy(IOptions<EgressOptions> options, TimeProvider clock) : this(options.Value, OwnAddresses, clock)
    {
    }

    public EgressPolicy(EgressOptions options, Func<IEnumerable<IPAddress>> ownAddresses, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _options = options;
        _allowedNetworks = NetworkList.Parse(options.AllowedNetworks, $"{EgressOptions.Section}:AllowedNetworks");
        _readOwnAddresses = ownAddresses;
    }

    private HashSet<IPAddress> CurrentOwnAddresses()
    {
        var current = _ownAddresses;
        var now = _clock.GetUtcNow().UtcDateTime;
        if (now - current.ReadAt < OwnAddressesAge) return current.Addresses;
        current = new OwnAddressList([.. _readOwnAddresses().Select(NetworkList.Normalize)], now);
        _ownAddresses = current;
        return current.Addresses;
    }

    /// <summary>Why a host may not be called by name alone (a metadata or localhost name), or null.</summary>
    public string? RefusalForName(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (IsAllowedHost(name)) return null;
        if (name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal)) return $"{host} is this machine";
        if (MetadataHosts.Contains(name)) return $"{host} is a cloud metadata service";
        return null;
    }

    public bool IsAllowedHost(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return _options.AllowedHosts.Any(pattern =>
        {
            var p = pattern.Trim().TrimEnd('.').ToLowerInvariant();
            return p.StartsWith("*.", StringComparison.Ordinal) ? name.EndsWith(p[1..], StringComparison.Ordinal) : name == p;
        });
    }

    /// <summary>
    /// Why an address reached by <paramref name="host"/> may not be called ("a loopback address"), or null when it
    /// may. The answer names the kind of address, never the address: it lands in item errors that viewers read.
    /// </summary>
    public string? RefusalFor(string host, IPAddress address)
    {
        var normal = NetworkList.Normalize(address);
        if (_allowedNetworks.Contains(normal) || IsAllowedHost(host)) return null;
        var own = CurrentOwnAddresses();
        foreach (var candidate in WithEmbedded(normal))
        {
            foreach (var (network, what) in Refused)
                if (network.Contains(candidate)) return what;
            if (own.Contains(candidate)) return "an address of this server";
        }
        return _options.AllowPublic ? null : "not among the allowed hosts and networks";
    }

    /// <summary>
    /// The configuration-time check of a URL: a literal address or a refused name is known to be refused before
    /// any call, so it is a 422 EGRESS_DENIED naming <paramref name="field"/>. Host names are checked at call time.
    /// </summary>
    public void EnsureAllowed(Uri url, string field)
    {
        var host = url.IdnHost.Trim('[', ']');
        var reason = IPAddress.TryParse(host, out var address) ? RefusalFor(host, address) is { } what ? $"{host} is {what}" : null : RefusalForName(host);
        if (reason is not null)
            throw new DomainException(MessageCodes.EgressDenied, $"{field}: {reason}; outbound calls there are not allowed by {EgressOptions.Section}.",
                [new FieldError(field, $"{reason}; not allowed by {EgressOptions.Section}.", MessageCodes.EgressDenied.Code)]);
    }

    /// <summary>The address itself and the IPv4 address carried by NAT64 (64:ff9b::/96) and 6to4 (2002::/16) forms.</summary>
    private static IEnumerable<IPAddress> WithEmbedded(IPAddress address)
    {
        yield return address;
        if (address.AddressFamily != AddressFamily.InterNetworkV6) yield break;
        var bytes = address.GetAddressBytes();
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..12].All(b => b == 0))
            yield return new IPAddress(bytes[12..16]);
        else if (bytes[0] == 0x20 && bytes[1] == 0x02)
            yield return new IPAddress(bytes[2..6]);
    }

    private static IEnumerable<IPAddress> OwnAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(u => u.Address))
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
