using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// The node's rules for targets' TLS, one for every engine: the certificate authorities trusted for verify_ca and
/// verify_full (<see cref="TargetOptions.CaBundle"/>, else the machine's), and who may be sent the password itself:
/// a server whose certificate chains to the bundle (the organisation's own authority: whoever may point an instance
/// somewhere cannot get a certificate from it, as anyone can from the public authorities of the machine's store),
/// or a target allowed it (<see cref="TargetOptions.AllowCleartextPassword"/>, or its instance's own allowance).
/// </summary>
public sealed class TargetTls
{
    private readonly X509Certificate2Collection? _authorities;

    public TargetTls(bool allowCleartextPassword = false, string? caBundle = null)
    {
        AllowCleartextPassword = allowCleartextPassword;
        CaBundle = string.IsNullOrWhiteSpace(caBundle) ? null : caBundle;
        if (CaBundle is null) return;
        _authorities = [];
        _authorities.ImportFromPemFile(CaBundle);
        if (_authorities.Count == 0) throw new InvalidOperationException($"{TargetOptions.Section}:CaBundle: '{CaBundle}' holds no PEM certificate.");
    }

    public static TargetTls From(TargetOptions options) => new(options.AllowCleartextPassword, options.CaBundle);

    public bool AllowCleartextPassword { get; }
    public string? CaBundle { get; }

    /// <summary>
    /// Whether the password itself may go to this target: allowed for it or for every target, or its certificate
    /// verified (<paramref name="verified"/>) against the bundle. A certificate verified by the machine's public
    /// authorities proves only who the server is, and anyone can have one for a server of theirs.
    /// </summary>
    public bool MayReceivePassword(ConnectionTarget target, bool verified) =>
        AllowCleartextPassword || target.AllowCleartextPassword || verified && _authorities is not null;

    /// <summary>
    /// Whether a server's certificate passes <paramref name="mode"/>'s checks: it chains (with the intermediates the
    /// server sent, nothing downloaded) to a trusted authority for server authentication, and for verify_full names
    /// the host. Prefer and require check nothing.
    /// </summary>
    public bool Verifies(TlsMode mode, X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors)
    {
        if (mode is not (TlsMode.VerifyCa or TlsMode.VerifyFull) || certificate is null) return false;
        if (mode == TlsMode.VerifyFull && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")); // server authentication
        if (_authorities is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        }
        if (sent is not null)
            foreach (var element in sent.ChainElements.Skip(1)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    }

    /// <summary>What a failed verification is told: the mode, and where the trusted authorities come from.</summary>
    public string Refusal(TlsMode mode, SslPolicyErrors errors) =>
        $"the server's certificate does not pass tls_mode {InstanceRules.TlsModeName(mode)} ({errors}; trusted authorities: {CaBundle ?? "the machine's"})";

    /// <summary>Why the password itself is not sent: what the server asked for, and the ways to allow it.</summary>
    public static string CleartextRefusal(string asked) =>
        $"the server asked for the password itself ({asked}), which Symphony sends only to a server whose certificate chains to "
        + $"{TargetOptions.Section}:CaBundle (tls_mode verify_ca or verify_full) or to an instance allowed to receive it "
        + $"(allow_cleartext_password, or {TargetOptions.Section}:AllowCleartextPassword)";
}
