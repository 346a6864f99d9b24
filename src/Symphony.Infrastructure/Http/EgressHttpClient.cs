using System.Net;
using System.Net.Sockets;
using Symphony.Application.Common;

namespace Symphony.Infrastructure.Http;

/// <summary>
/// The HTTP client of every outbound call of item executors and engines. Its connect callback resolves the host itself
/// and connects only to addresses the <see cref="EgressPolicy"/> allows, so the check is made on the address
/// actually connected to, for the first request and for every redirect that opens a new connection. No proxy is
/// used: through one, the policy would see the proxy's address instead of the destination's.
/// </summary>
public static class EgressHttpClient
{
    public const int MaxRedirects = 3;

    /// <param name="policy">The egress policy every connection is checked against.</param>
    /// <param name="followRedirects">False for signed deliveries: a redirect would send the body elsewhere, or drop it.</param>
    public static HttpClient Create(EgressPolicy policy, bool followRedirects = true) => new(new SocketsHttpHandler
    {
        // Pooled connections, renewed so DNS changes are seen. Each caller sets its own timeout.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        UseProxy = false,
        AllowAutoRedirect = followRedirects,
        MaxAutomaticRedirections = MaxRedirects,
        ConnectCallback = (context, ct) => ConnectAsync(policy, context.DnsEndPoint, ct),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static async ValueTask<Stream> ConnectAsync(EgressPolicy policy, DnsEndPoint endpoint, CancellationToken ct)
    {
        var host = endpoint.Host.Trim('[', ']');
        if (policy.RefusalForName(host) is { } named)
            throw new EgressDeniedException($"{named}; not allowed by {EgressOptions.Section}.");
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var refusals = new List<string>();
        SocketException? lastFailure = null;
        foreach (var address in addresses)
        {
            if (policy.RefusalFor(host, address) is { } reason)
            {
                refusals.Add(reason);
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastFailure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (lastFailure is not null) throw lastFailure;
        if (refusals.Count == 0) throw new SocketException((int)SocketError.HostNotFound);
        // The kinds of address, not the addresses: the message lands in item errors that viewers read.
        throw new EgressDeniedException($"{host} leads to {string.Join(" and ", refusals.Distinct())}; not allowed by {EgressOptions.Section}.");
    }

    /// <summary>The refusal behind a failed call, if the egress policy refused it.</summary>
    public static EgressDeniedException? Denial(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is EgressDeniedException denied) return denied;
        return null;
    }
}
