using FluentValidation;
using Symphony.Application.Vaults;
using Symphony.Domain.Alerts;

namespace Symphony.Application.Alerts;

/// <summary>The checks webhook use cases share, and where a webhook's secret is set.</summary>
public static class WebhookRules
{
    public static IRuleBuilderOptions<T, string?> WebhookUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(url => url is null || (url.Length <= 2000 && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" && u.UserInfo.Length == 0))
            .WithMessage("url is an absolute http or https URL without credentials, at most 2000 characters.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> AlertEventList<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(events => events is null || (events.Count > 0 && events.All(e => AlertEvents.All.Contains(e))))
            .WithMessage($"events is a list of {string.Join(", ", AlertEvents.All)}.");

    public static IRuleBuilderOptions<T, string?> WebhookSecret<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || s.Length is >= Webhook.MinSecretLength and <= Webhook.MaxSecretLength)
            .WithMessage($"secret is {Webhook.MinSecretLength} to {Webhook.MaxSecretLength} characters.");

    public static void StoreSecret(Webhook webhook, string secret, ISecretProtector protector, DateTime now)
    {
        var stored = protector.Protect(secret, webhook.AssociatedData);
        (webhook.KeyId, webhook.WrappedKey, webhook.SecretCiphertext, webhook.SecretUpdatedAt) = (stored.KeyId, stored.WrappedKey, stored.Ciphertext, now);
    }

    public static string Secret(Webhook webhook, ISecretProtector protector) =>
        protector.Unprotect(new ProtectedSecret(webhook.KeyId, webhook.WrappedKey, webhook.SecretCiphertext), webhook.AssociatedData);
}
