using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// Stands between MySqlConnector and a MySQL or MariaDB target for one connection. The client alone decides what to
/// do with the password, and it hands the password itself to a server on this machine (loopback counts as trusted)
/// or to any server over TLS that asks for a full caching_sha2_password or sha256_password exchange, certificate
/// verified or not. So the guard owns the connection to the target: it speaks TLS to the server itself (checking the
/// certificate as the instance's tls_mode says), relays the sign-in packet by packet, and cuts the connection before
/// the client can answer a request for the password itself, unless the server's certificate was verified or the
/// target is allowed it (<see cref="TargetTls"/>). Once signed in it copies bytes both ways. The client reaches it
/// through a Unix socket in a folder of its own that only this process's user can enter, taking one connection: no
/// other user of the machine can connect to it, or put a listener of theirs in its place.
/// </summary>
internal sealed class MySqlGuard : IAsyncDisposable
{
    // Capability flags of the client/server protocol.
    private const uint ClientCompress = 0x20, ClientSsl = 0x800, ClientPluginAuth = 0x80000, ClientZstd = 0x4000000;
    private const int MaxSignInPacket = 64 * 1024;
    private const string NativePassword = "mysql_native_password", CachingSha2 = "caching_sha2_password", Parsec = "parsec";

    /// <summary>Sign-in plugins that prove the password without sending it or anything a server could turn back into it.</summary>
    private static readonly string[] ChallengePlugins = [NativePassword, CachingSha2, "client_ed25519", Parsec];

    private readonly TcpClient _server;
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    /// <summary>Made by the runtime with mode 0700 on Unix.</summary>
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("symphony-guard-");
    private readonly ConnectionTarget _target;
    private readonly TargetTls _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _relay;

    private MySqlGuard(TcpClient server, ConnectionTarget target, TargetTls tls)
    {
        (_server, _target, _tls) = (server, target, tls);
        Socket = Path.Combine(_folder.FullName, "mysql.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(Socket));
        _listener.Listen(1);
        _relay = Task.Run(RelayAsync);
    }

    /// <summary>The Unix socket the client connects to instead of the target.</summary>
    public string Socket { get; }

    /// <summary>Why the guard cut the connection, if it did: what the driver reports instead of the client's broken connection.</summary>
    public DatabaseConnectionException? Refusal { get; private set; }

    /// <summary>Connects to the target (a network failure or timeout is thrown here, as the client would) and waits for the client.</summary>
    public static async Task<MySqlGuard> OpenAsync(ConnectionTarget target, TargetTls tls, CancellationToken ct)
    {
        var server = new TcpClient { NoDelay = true };
        try
        {
            await server.ConnectAsync(target.Host, target.Port, ct);
            return new MySqlGuard(server, target, tls);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private async Task RelayAsync()
    {
        var ct = _stop.Token;
        Socket? client = null;
        try
        {
            client = await _listener.AcceptAsync(ct);
            _listener.Close();
            var (toClient, fromClient) = await SignInAsync(new NetworkStream(client), _server.GetStream(), ct);
            // Either side closing ends the other.
            await Task.WhenAny(toClient, fromClient);
        }
        catch (AuthenticationException e)
        {
            Refuse(ConnectionFailureReasons.Tls, e.InnerException?.Message ?? e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            // Before the sign-in ends the client is told why; after it, the client sees the connection end.
            Refusal ??= new DatabaseConnectionException(ConnectionFailureReasons.Unreachable, $"the connection to the server failed: {e.Message}", e);
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        finally
        {
            client?.Dispose();
            _server.Dispose();
        }
    }

    /// <summary>
    /// The greeting, the client's answer (with TLS to the server in between, when used), and the sign-in exchange
    /// under watch; answers the two copies that go on once signed in, or nothing-tasks when the guard refused.
    /// </summary>
    private async Task<(Task ToClient, Task FromClient)> SignInAsync(Stream client, Stream server, CancellationToken ct)
    {
        var greeting = await ReadPacketAsync(server, ct);
        if (greeting.Payload is [0xFF, ..])
        {
            // Refused before any sign-in (too many connections, host blocked): the client reads the server's words.
            await WritePacketAsync(client, greeting.Sequence, greeting.Payload, ct);
            return (Task.CompletedTask, Task.CompletedTask);
        }
        var (capabilities, plugin) = ReadGreeting(greeting.Payload);
        var serverTls = (capabilities & ClientSsl) != 0;
        if (!serverTls && _target.Tls is TlsMode.Require or TlsMode.VerifyCa or TlsMode.VerifyFull)
            return Refuse(ConnectionFailureReasons.Tls, $"the server does not offer TLS, which tls_mode {InstanceRules.TlsModeName(_target.Tls)} asks for");
        // The client sees a server without TLS or compression: TLS is the guard's, and compression would hide the packets.
        WriteCapabilities(greeting.Payload, capabilities & ~(ClientSsl | ClientCompress | ClientZstd));
        await WritePacketAsync(client, greeting.Sequence, greeting.Payload, ct);

        var answer = await ReadPacketAsync(client, ct, MaxSignInPacket);
        var offset = 0;
        var verified = false;
        if (serverTls && _target.Tls != TlsMode.Disable)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(answer.Payload, BinaryPrimitives.ReadUInt32LittleEndian(answer.Payload) | ClientSsl);
            // The SSL request is the first 32 bytes of the answer; then the answer itself goes over TLS, one sequence later.
            await WritePacketAsync(server, answer.Sequence, answer.Payload.AsMemory(0, 32), ct);
            var tls = new SslStream(server, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = _target.Host,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    verified = _tls.Verifies(_target.Tls, certificate, chain, errors);
                    if (verified || _target.Tls is TlsMode.Prefer or TlsMode.Require) return true;
                    Refuse(ConnectionFailureReasons.Tls, _tls.Refusal(_target.Tls, errors));
                    return false;
                },
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                // The chain is built from what the server sends: nothing is fetched from the addresses it names.
                CertificateChainPolicy = new X509ChainPolicy { DisableCertificateDownloads = true, RevocationMode = X509RevocationMode.NoCheck },
            }, ct);
            server = tls;
            offset = 1;
        }
        await WritePacketAsync(server, (byte)(answer.Sequence + offset), answer.Payload, ct);

        var trusted = _tls.MayReceivePassword(_target, verified);
        var saltDue = false;
        var signedIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fromClient = ClientToServerAsync(client, server, offset, signedIn.Task, ct);
        while (true)
        {
            var packet = await ReadPacketAsync(server, ct, MaxSignInPacket);
            // OK (at least header, two lengths and status) or ERR: signed in, or refused.
            if (packet.Payload is [0x00, _, _, _, _, _, _, ..] or [0xFF, ..])
            {
                // Signed in, or refused by the server: either way the watch is over.
                signedIn.TrySetResult();
                await WritePacketAsync(client, (byte)(packet.Sequence - offset), packet.Payload, ct);
                return (server.CopyToAsync(client, ct), fromClient);
            }
            if (!trusted && Asks(packet.Payload, ref plugin, ref saltDue) is { } asked)
                return Refuse(ConnectionFailureReasons.AuthenticationFailed, TargetTls.CleartextRefusal(asked));
            await WritePacketAsync(client, (byte)(packet.Sequence - offset), packet.Payload, ct);
        }
    }

    /// <summary>
    /// What a packet of the sign-in asks that the client must not give an unverified server, or null: a switch to a
    /// plugin that sends the password (mysql_clear_password, sha256_password, PAM's dialog), or more data beyond a
    /// challenge (caching_sha2_password's "perform full authentication", a public key to encrypt the password to).
    /// </summary>
    private static string? Asks(byte[] packet, ref string plugin, ref bool saltDue)
    {
        var salt = saltDue;
        saltDue = false;
        switch (packet)
        {
            case [0xFE, ..]:
                plugin = packet.Length > 1 ? ReadText(packet, 1) : "mysql_old_password";
                saltDue = plugin == Parsec;
                return ChallengePlugins.Contains(plugin) ? null : plugin;
            case [0x01, 0x03] when plugin == CachingSha2:
                return null; // fast authentication succeeded: the server had the password's hash
            case not [] when salt:
                return null; // parsec's salt, once, right after the switch to it
            case [0x01, ..]:
                return $"a full {plugin} exchange";
            default:
                return $"an unknown sign-in step 0x{packet.FirstOrDefault():X2}";
        }
    }

    /// <summary>The client's packets: one sequence later to the server until signed in, then the bytes as they come.</summary>
    private static async Task ClientToServerAsync(Stream client, Stream server, int offset, Task signedIn, CancellationToken ct)
    {
        var header = new byte[4];
        while (true)
        {
            await client.ReadExactlyAsync(header, ct);
            if (signedIn.IsCompleted)
            {
                // The first command: its sequence starts again at 0 on both sides.
                await server.WriteAsync(header, ct);
                await client.CopyToAsync(server, ct);
                return;
            }
            var length = header[0] | header[1] << 8 | header[2] << 16;
            if (length > MaxSignInPacket) throw new InvalidDataException("The client sent an oversized sign-in packet.");
            var payload = new byte[length];
            await client.ReadExactlyAsync(payload, ct);
            await WritePacketAsync(server, (byte)(header[3] + offset), payload, ct);
        }
    }

    private (Task, Task) Refuse(string reason, string message)
    {
        Refusal ??= new DatabaseConnectionException(reason, message);
        return (Task.CompletedTask, Task.CompletedTask);
    }

    /// <summary>The capability flags of the server's greeting and the sign-in plugin it names.</summary>
    private static (uint Capabilities, string Plugin) ReadGreeting(byte[] greeting)
    {
        var at = LowerCapabilitiesAt(greeting);
        uint capabilities = BinaryPrimitives.ReadUInt16LittleEndian(greeting.AsSpan(at));
        if (at + 2 >= greeting.Length) return (capabilities, NativePassword);
        capabilities |= (uint)BinaryPrimitives.ReadUInt16LittleEndian(greeting.AsSpan(at + 5)) << 16;
        var scramble = greeting[at + 7];
        var pluginAt = at + 8 + 10 + Math.Max(13, scramble - 8);
        return (capabilities, (capabilities & ClientPluginAuth) != 0 && pluginAt < greeting.Length ? ReadText(greeting, pluginAt) : NativePassword);
    }

    private static void WriteCapabilities(byte[] greeting, uint capabilities)
    {
        var at = LowerCapabilitiesAt(greeting);
        BinaryPrimitives.WriteUInt16LittleEndian(greeting.AsSpan(at), (ushort)capabilities);
        if (at + 2 < greeting.Length) BinaryPrimitives.WriteUInt16LittleEndian(greeting.AsSpan(at + 5), (ushort)(capabilities >> 16));
    }

    /// <summary>After the protocol version, the server's version (NUL-terminated), the connection id, 8 bytes of scramble and a filler.</summary>
    private static int LowerCapabilitiesAt(byte[] greeting) => Array.IndexOf(greeting, (byte)0, 1) + 1 + 4 + 8 + 1;

    private static string ReadText(byte[] packet, int from)
    {
        var end = Array.IndexOf(packet, (byte)0, from);
        return Encoding.ASCII.GetString(packet, from, (end < 0 ? packet.Length : end) - from);
    }

    private readonly record struct Packet(byte Sequence, byte[] Payload);

    private static async Task<Packet> ReadPacketAsync(Stream stream, CancellationToken ct, int maxLength = MaxSignInPacket)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, ct);
        var length = header[0] | header[1] << 8 | header[2] << 16;
        if (length == 0 || length > maxLength) throw new InvalidDataException($"A sign-in packet of {length} bytes.");
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct);
        return new Packet(header[3], payload);
    }

    private static async Task WritePacketAsync(Stream stream, byte sequence, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var packet = new byte[4 + payload.Length];
        packet[0] = (byte)payload.Length;
        packet[1] = (byte)(payload.Length >> 8);
        packet[2] = (byte)(payload.Length >> 16);
        packet[3] = sequence;
        payload.CopyTo(packet.AsMemory(4));
        await stream.WriteAsync(packet, ct);
        await stream.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        _server.Dispose();
        try
        {
            await _relay;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // The connection is over.
        }
        _stop.Dispose();
        _folder.Delete(recursive: true);
    }
}
