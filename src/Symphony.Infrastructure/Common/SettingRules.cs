using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;

namespace Symphony.Infrastructure.Common;

/// <summary>
/// The rules of one section of settings, checked when the server starts: each broken rule is one line naming the
/// setting, what is wrong with its value and the form docs/reference/configuration.md gives, and any of them stops
/// start-up (<see cref="SettingsRegistration.AddCheckedSettings{T}"/>).
/// </summary>
public sealed class SettingRules(string section)
{
    public List<string> Failures { get; } = [];

    public void Require(bool holds, string key, string problem)
    {
        if (!holds) Failures.Add($"{section}:{key}: {problem}");
    }

    public void Positive(TimeSpan value, string key) =>
        Require(value > TimeSpan.Zero, key, $"'{value}' is not a duration above zero (a time span such as 00:00:30).");

    public void AtLeast(int value, int least, string key) =>
        Require(value >= least, key, $"{value} is below {least} (a whole number of at least {least}).");

    public void Between(int value, int least, int most, string key) =>
        Require(value >= least && value <= most, key, $"{value} is outside {least} to {most} (a whole number from {least} to {most}).");

    /// <summary>Base64 of at least <paramref name="bytes"/> bytes, or unset when <paramref name="optional"/>.</summary>
    public void Base64Key(string? value, int bytes, string key, bool optional = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Require(optional, key, $"is required (base64 of {bytes} random bytes).");
            return;
        }
        var buffer = new byte[value.Length];
        Require(Convert.TryFromBase64String(value, buffer, out var length) && length >= bytes, key,
            $"is not base64 of at least {bytes} bytes (generate one with: openssl rand -base64 {bytes}).");
    }

    public void Networks(IEnumerable<string> values, string key)
    {
        try
        {
            NetworkList.Parse(values, $"{section}:{key}");
        }
        catch (InvalidOperationException e)
        {
            Failures.Add(e.Message);
        }
    }

    /// <summary>A readable file of PEM certificates, or unset.</summary>
    public void PemCertificates(string? path, string key)
    {
        if (string.IsNullOrWhiteSpace(path)) return;
        var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            Failures.Add($"{section}:{key}: '{path}' cannot be read as PEM certificates ({e.Message}).");
            return;
        }
        Require(certificates.Count > 0, key, $"'{path}' holds no PEM certificate (a file of -----BEGIN CERTIFICATE----- blocks).");
    }

    /// <summary>An absolute http or https address, or unset.</summary>
    public void HttpUrl(string? value, string key) =>
        Require(value is null || Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", key,
            $"'{value}' is not an absolute http or https address (such as https://symphony.example.com).");
}

public static class SettingsRegistration
{
    /// <summary>Binds a section to its options and checks its rules when the host starts (ValidateOnStart).</summary>
    public static IServiceCollection AddCheckedSettings<T>(
        this IServiceCollection services, IConfiguration configuration, string section, Action<T, SettingRules> rules) where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new RulesValidator<T>(section, rules));
        return services;
    }

    private sealed class RulesValidator<T>(string section, Action<T, SettingRules> rules) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var checks = new SettingRules(section);
            rules(options, checks);
            return checks.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(checks.Failures);
        }
    }
}
