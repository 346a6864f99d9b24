using System.Text.Json;
using FluentValidation;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Common;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

/// <summary>Field rules shared by creating and updating an engine.</summary>
public static class EngineRules
{
    public static IRuleBuilderOptions<T, string?> KnownEngineType<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(type => type is null || EngineTypes.Known.Contains(type))
            .WithMessage($"type must be one of: {string.Join(", ", EngineTypes.Known)}.");

    public static IRuleBuilderOptions<T, string?> BaseUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(2000).Must(u => u is null || CheckBaseUrl(u) is null).WithMessage((_, u) => CheckBaseUrl(u ?? "") ?? "");

    /// <summary>An absolute http(s) URL without credentials: secrets never go into a stored, readable field.</summary>
    public static string? CheckBaseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "base_url must be an absolute http or https URL.";
        if (uri.UserInfo.Length > 0) return "base_url must not carry credentials.";
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0) return "base_url must not have a query or fragment.";
        return null;
    }

    /// <summary>Checks an engine as it will be stored: address by type and egress policy, config by the type's adapter schema.</summary>
    public static void EnsureConsistent(Engine engine, EngineAdapters adapters, EgressPolicy egress)
    {
        var remote = EngineTypes.IsRemote(engine.Type);
        if (remote && engine.BaseUrl is null)
            throw DomainException.Validation("base_url", $"base_url is required for a {engine.Type} engine.");
        if (!remote && engine.BaseUrl is not null)
            throw DomainException.Validation("base_url", "A builtin engine has no base_url.");
        if (engine.BaseUrl is not null)
            egress.EnsureAllowed(new Uri(engine.BaseUrl), "base_url");
        Payloads.EnsureMatches(adapters.Find(engine.Type)?.ConfigSchema, Payloads.Parse(engine.Config), "config");
    }

    public static IRuleBuilderOptions<T, JsonElement?> ConfigObject<T>(this IRuleBuilder<T, JsonElement?> rule) =>
        rule.Must(value => value is null || value.Value.ValueKind == JsonValueKind.Object).WithMessage("config must be a JSON object.");
}
