using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// The node's rules for targets' TLS, one for every engine: the certificate authorities trusted for verify_ca and
/// verify_full (<see cref="TargetOptions.CaBundle"/>, else the machine's), and whether a target may be sent the
/// password itself without a verified certificate (<see cref="TargetOptions.AllowCleartextPassword"/>, or its
/// instance's own allowance).
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

    /// <summary>Whether the password itself may go to this target whatever its certificate.</summary>
    public bool AllowsCleartext(ConnectionTarget target) => AllowCleartextPassword || target.AllowCleartextPassword;

    /// <summary>
    /// Whether a server's certificate passes <paramref name="mode"/>'s checks: it chains to a trusted authority, and
    /// for verify_full names the host. Prefer and require check nothing (null is then "not verified").
    /// </summary>
    public bool Verifies(TlsMode mode, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (mode is not (TlsMode.VerifyCa or TlsMode.VerifyFull) || certificate is null) return false;
        if (mode == TlsMode.VerifyFull && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
        if (_authorities is null) return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    }

    /// <summary>What a failed verification is told: the mode, and where the trusted authorities come from.</summary>
    public string Refusal(TlsMode mode, SslPolicyErrors errors) =>
        $"the server's certificate does not pass tls_mode {InstanceRules.TlsModeName(mode)} ({errors}; trusted authorities: {CaBundle ?? "the machine's"})";

    /// <summary>Why the password itself is not sent: what the server asked for, and the ways to allow it.</summary>
    public static string CleartextRefusal(string asked) =>
        $"the server asked for the password itself ({asked}), which Symphony sends only to a server whose certificate it verified "
        + $"(tls_mode verify_ca or verify_full) or to an instance allowed to receive it (allow_cleartext_password, or {TargetOptions.Section}:AllowCleartextPassword)";
}
