using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Symphony.Testing;

/// <summary>
/// A certificate authority of the test run, which signs the certificates of the test's own TLS servers (a PostgreSQL
/// cluster with TLS), and the bundle of the authorities a server under test trusts for targets: this one and the
/// throwaway MariaDB's (<c>SYMPHONY_TEST_MARIADB_CA</c>).
/// </summary>
public static class TestAuthority
{
    private static readonly Lazy<(X509Certificate2 Authority, string Bundle)> Made = new(Make);

    /// <summary>A PEM file of the trusted authorities, for <c>Symphony:Targets:CaBundle</c>.</summary>
    public static string Bundle => Made.Value.Bundle;

    /// <summary>A server certificate for <paramref name="dnsName"/> only (no address), signed by this authority: PEM certificate and key.</summary>
    public static (string Certificate, string Key) IssueServer(string dnsName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(Made.Value.Authority, now.AddDays(-1), now.AddDays(2), RandomNumberGenerator.GetBytes(8));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static (X509Certificate2, string) Make()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Symphony test run authority", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(3));
        var bundle = Path.Combine(Directory.CreateTempSubdirectory("symphony-authority-").FullName, "targets-ca.pem");
        var mariaDb = Environment.GetEnvironmentVariable("SYMPHONY_TEST_MARIADB_CA") is { Length: > 0 } path && File.Exists(path) ? File.ReadAllText(path) : "";
        File.WriteAllText(bundle, authority.ExportCertificatePem() + "\n" + mariaDb);
        return (authority, bundle);
    }
}
