using System.Text.Json;
using FluentValidation;
using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

/// <summary>Field rules shared by creating and updating an automation.</summary>
public static class AutomationRules
{
    public static IRuleBuilderOptions<T, string?> KnownHandler<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(kind => kind is null || HandlerKinds.UserChoosable.Contains(kind))
            .WithMessage($"handler_kind must be one of: {string.Join(", ", HandlerKinds.UserChoosable)}.");

    /// <summary>Names beginning with <see cref="BuiltIns.Prefix"/> are kept for Symphony's own automations.</summary>
    public static IRuleBuilderOptions<T, string> NotBuiltInName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(name => name is null || !IsReserved(name)).WithMessage(ReservedName);

    public static bool IsReserved(string name) => name.StartsWith(BuiltIns.Prefix, StringComparison.Ordinal);

    public const string ReservedName = $"Names beginning with '{BuiltIns.Prefix}' are reserved for built-in automations.";

    public static IRuleBuilderOptions<T, JsonElement?> JsonObjectValue<T>(this IRuleBuilder<T, JsonElement?> rule) =>
        rule.Must(value => value is null || value.Value.ValueKind == JsonValueKind.Object).WithMessage("Must be a JSON object.");

    public static void Limits<T>(AbstractValidator<T> validator, Func<T, int?> attempts, Func<T, int?> concurrency, Func<T, int?> delay)
    {
        validator.RuleFor(c => attempts(c)).InclusiveBetween(1, Automation.MaxAttemptsLimit).WithName("max_attempts");
        validator.RuleFor(c => concurrency(c)).InclusiveBetween(1, Automation.MaxConcurrencyLimit).WithName("max_concurrency");
        validator.RuleFor(c => delay(c)).InclusiveBetween(0, 3600).WithName("retry_delay_seconds");
    }
}
