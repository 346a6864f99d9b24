using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Infrastructure.Fleet;

namespace Symphony.Infrastructure.Tests;

/// <summary>
/// A server that asks for the password in clear text (as one set up to harvest secrets would) gets nothing from
/// the PostgreSQL driver unless cleartext passwords are allowed on purpose, for the node or the instance. MySQL's
/// side is <see cref="MySqlGuardTests"/>.
/// </summary>
public sealed class CleartextPasswordTests
{
    private const string Secret = "Harvest-Me-42";

    /// <summary>Speaks just enough of the protocol: refuses TLS and GSS encryption, asks for a cleartext password, and keeps what comes back.</summary>
    private static async Task<byte[]> FakeServerAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        while (true)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(await ReadAsync(stream, 4));
            var body = await ReadAsync(stream, length - 4);
            var code = BinaryPrimitives.ReadInt32BigEndian(body);
            if (code is 80877103 or 80877104)
            {
                stream.WriteByte((byte)'N');
                continue;
            }
            break;
        }
        await stream.WriteAsync(new byte[] { (byte)'R', 0, 0, 0, 8, 0, 0, 0, 3 });
        var received = new MemoryStream();
        var buffer = new byte[1024];
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            while (await stream.ReadAsync(buffer, quiet.Token) is var n and > 0) received.Write(buffer, 0, n);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client hung up or went quiet.
        }
        return received.ToArray();
    }

    private static async Task<byte[]> ReadAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static async Task<(byte[] Received, Exception? Failure)> ProbeAsync(PostgresDriver driver, bool allowed = false)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var server = FakeServerAsync(listener);
            var target = new ConnectionTarget("postgresql", "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, null, AllowCleartextPassword: allowed);
            var limits = ConnectionLimits.Default with { Connect = TimeSpan.FromSeconds(5) };
            Exception? failure = null;
            try
            {
                await driver.ProbeAsync(target, new UsableCredential("collector", Secret), limits, CancellationToken.None);
            }
            catch (DatabaseConnectionException e)
            {
                failure = e;
            }
            return (await server, failure);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_server_asking_for_a_cleartext_password_is_refused_and_never_receives_the_secret()
    {
        var (received, failure) = await ProbeAsync(new PostgresDriver(new TargetTls()));

        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(received), StringComparison.Ordinal);
        var refused = Assert.IsType<DatabaseConnectionException>(failure);
        Assert.Equal(ConnectionFailureReasons.AuthenticationFailed, refused.Reason);
        Assert.Contains("clear text", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowed_for_the_instance_alone_the_cleartext_password_is_sent()
    {
        var (received, _) = await ProbeAsync(new PostgresDriver(new TargetTls()), allowed: true);

        Assert.Contains(Secret, Encoding.UTF8.GetString(received), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowed_on_purpose_the_cleartext_password_is_sent()
    {
        var (received, _) = await ProbeAsync(new PostgresDriver(new TargetTls(allowCleartextPassword: true)));

        Assert.Contains(Secret, Encoding.UTF8.GetString(received), StringComparison.Ordinal);
    }
}
