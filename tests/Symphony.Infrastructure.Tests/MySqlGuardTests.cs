using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;
using Symphony.Infrastructure.Fleet;

namespace Symphony.Infrastructure.Tests;

/// <summary>
/// A fake MySQL server set up to harvest secrets: it offers TLS with a self-signed certificate (or no TLS, on
/// loopback, where MySqlConnector trusts any server) and then asks for the password itself, by mysql_clear_password or
/// a full caching_sha2_password exchange. It must receive nothing of the secret unless its certificate was verified
/// or the target is allowed it; the allowed cases prove that the fake would have seen it.
/// </summary>
public sealed class MySqlGuardTests : IDisposable
{
    private const string Secret = "Harvest-Me-42";
    private readonly X509Certificate2 _certificate = SelfSigned();
    private readonly string _bundle = Path.GetTempFileName();

    public MySqlGuardTests() => File.WriteAllText(_bundle, _certificate.ExportCertificatePem());

    public void Dispose()
    {
        _certificate.Dispose();
        File.Delete(_bundle);
    }

    public enum Ask { ClearPassword, FullCachingSha2 }

    [Theory]
    [InlineData(false, Ask.ClearPassword)]
    [InlineData(true, Ask.ClearPassword)]
    [InlineData(true, Ask.FullCachingSha2)]
    [InlineData(false, Ask.FullCachingSha2)]
    public async Task A_server_asking_for_the_password_itself_receives_nothing_of_it(bool tls, Ask ask)
    {
        var (received, failure) = await ProbeAsync(new TargetTls(), tls, ask, TlsMode.Prefer);

        Assert.DoesNotContain(Secret, received, StringComparison.Ordinal);
        var refused = Assert.IsType<DatabaseConnectionException>(failure);
        Assert.Equal(ConnectionFailureReasons.AuthenticationFailed, refused.Reason);
        Assert.Contains("the password itself", refused.Message, StringComparison.Ordinal);
        Assert.Contains(ask == Ask.ClearPassword ? "mysql_clear_password" : "full caching_sha2_password", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_saw_the_sign_in_over_tls_so_the_check_above_can_fail()
    {
        // What the fake read after TLS holds the user name: the exchange really went through it.
        var (received, _) = await ProbeAsync(new TargetTls(), offerTls: true, Ask.ClearPassword, TlsMode.Prefer);

        Assert.Contains("collector", received, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Allowed_for_the_instance_or_the_node_the_password_is_sent(bool forTheNode)
    {
        var (received, _) = await ProbeAsync(new TargetTls(allowCleartextPassword: forTheNode), offerTls: true, Ask.ClearPassword, TlsMode.Prefer,
            allowedForInstance: !forTheNode);

        Assert.Contains(Secret, received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_whose_certificate_is_verified_may_be_sent_the_password()
    {
        var (received, _) = await ProbeAsync(new TargetTls(caBundle: _bundle), offerTls: true, Ask.ClearPassword, TlsMode.VerifyFull);

        Assert.Contains(Secret, received, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_the_machines_public_authorities_vouch_for_does_not_earn_the_password()
    {
        // Anyone can have such a certificate for a server of theirs; only the organisation's bundle says "ours".
        var target = new ConnectionTarget(DbTypes.MySql, "db.example.com", 3306, null, TlsMode.VerifyFull);
        Assert.False(new TargetTls().MayReceivePassword(target, verified: true));
        Assert.True(new TargetTls(caBundle: _bundle).MayReceivePassword(target, verified: true));
        Assert.False(new TargetTls(caBundle: _bundle).MayReceivePassword(target, verified: false));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_client_reaches_the_guard_by_a_socket_in_a_folder_only_this_user_can_enter()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var target = new ConnectionTarget(DbTypes.MySql, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, null);
        string folder;
        await using (var guard = await MySqlGuard.OpenAsync(target, new TargetTls(), CancellationToken.None))
        {
            folder = Path.GetDirectoryName(guard.Socket)!;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData(TlsMode.VerifyCa)]
    [InlineData(TlsMode.VerifyFull)]
    public async Task A_certificate_no_trusted_authority_signed_fails_verification_and_nothing_is_sent(TlsMode mode)
    {
        var (received, failure) = await ProbeAsync(new TargetTls(), offerTls: true, Ask.ClearPassword, mode);

        Assert.DoesNotContain(Secret, received, StringComparison.Ordinal);
        Assert.Equal(ConnectionFailureReasons.Tls, Assert.IsType<DatabaseConnectionException>(failure).Reason);
    }

    [Fact]
    public async Task Verify_full_refuses_a_trusted_certificate_of_another_host()
    {
        // The certificate names localhost and 127.0.0.1; the fake is reached at another loopback address.
        var (_, failure) = await ProbeAsync(new TargetTls(caBundle: _bundle), offerTls: true, Ask.ClearPassword, TlsMode.VerifyFull, host: "127.0.0.2");

        var refused = Assert.IsType<DatabaseConnectionException>(failure);
        Assert.Equal(ConnectionFailureReasons.Tls, refused.Reason);
        Assert.Contains("verify_full", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Require_refuses_a_server_without_tls()
    {
        var (received, failure) = await ProbeAsync(new TargetTls(), offerTls: false, Ask.ClearPassword, TlsMode.Require);

        Assert.Equal(ConnectionFailureReasons.Tls, Assert.IsType<DatabaseConnectionException>(failure).Reason);
        Assert.Empty(received);
    }

    private async Task<(string Received, Exception? Failure)> ProbeAsync(
        TargetTls tls, bool offerTls, Ask ask, TlsMode mode, bool allowedForInstance = false, string host = "127.0.0.1")
    {
        var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        try
        {
            var server = FakeServerAsync(listener, offerTls, ask);
            var target = new ConnectionTarget(DbTypes.MySql, host, ((IPEndPoint)listener.LocalEndpoint).Port, null, mode, allowedForInstance);
            Exception? failure = null;
            try
            {
                await new MySqlDriver(tls).ProbeAsync(target, new UsableCredential("collector", Secret), ConnectionLimits.Default, CancellationToken.None);
            }
            catch (DatabaseConnectionException e)
            {
                failure = e;
            }
            return (Encoding.UTF8.GetString(await server), failure);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// Greets as MySQL 8 (caching_sha2_password, TLS offered or not), takes the client's answer over TLS when asked,
    /// then asks for the password itself; answers everything it read after the TLS handshake, in clear.
    /// </summary>
    private async Task<byte[]> FakeServerAsync(TcpListener listener, bool tls, Ask ask)
    {
        using var client = await listener.AcceptTcpClientAsync();
        Stream stream = client.GetStream();
        var received = new MemoryStream();
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await WriteAsync(stream, 0, Greeting(tls));
            var (sequence, answer) = await ReadAsync(stream, quiet.Token);
            if (tls)
            {
                var secure = new SslStream(stream);
                await secure.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, quiet.Token);
                stream = secure;
                (sequence, answer) = await ReadAsync(stream, quiet.Token);
            }
            received.Write(answer);
            await WriteAsync(stream, (byte)(sequence + 1), ask == Ask.ClearPassword
                ? [0xFE, .. "mysql_clear_password\0"u8]
                : [0x01, 0x04]);
            // What the client answers, if it answers: then it is told no, so that it does not wait for more.
            var (replySequence, reply) = await ReadAsync(stream, quiet.Token);
            received.Write(reply);
            await WriteAsync(stream, (byte)(replySequence + 1), [0xFF, 0x15, 0x04, .. "#28000Access denied"u8]);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
        {
            // The client hung up, went quiet or refused the certificate.
        }
        return received.ToArray();
    }

    private static byte[] Greeting(bool tls)
    {
        const uint capabilities = 0x1 | 0x8 | 0x200 | 0x8000 | 0x80000 | 0x200000;
        var flags = capabilities | (tls ? 0x800u : 0);
        var greeting = new MemoryStream();
        greeting.WriteByte(10);
        greeting.Write("8.0.36-harvester\0"u8);
        greeting.Write(BitConverter.GetBytes(7));
        greeting.Write("abcdefgh"u8);
        greeting.WriteByte(0);
        greeting.Write(BitConverter.GetBytes((ushort)flags));
        greeting.WriteByte(0xFF);
        greeting.Write(BitConverter.GetBytes((ushort)2));
        greeting.Write(BitConverter.GetBytes((ushort)(flags >> 16)));
        greeting.WriteByte(21);
        greeting.Write(new byte[10]);
        greeting.Write("ijklmnopqrst\0"u8);
        greeting.Write("caching_sha2_password\0"u8);
        return greeting.ToArray();
    }

    private static async Task<(byte Sequence, byte[] Payload)> ReadAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, ct);
        var payload = new byte[header[0] | header[1] << 8 | header[2] << 16];
        await stream.ReadExactlyAsync(payload, ct);
        return (header[3], payload);
    }

    private static async Task WriteAsync(Stream stream, byte sequence, byte[] payload)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length | (uint)sequence << 24);
        await stream.WriteAsync(header);
        await stream.WriteAsync(payload);
        await stream.FlushAsync();
    }

    /// <summary>Its own authority: trusted when the bundle holds it, by no machine otherwise.</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
