using System.Text.Json;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Automations;

/// <summary>
/// The console's automation form as posted: JSON fields as text, parsed into the API's commands so that every
/// other check (names, handler kinds, schemas, limits) and its message is the use case's own.
/// </summary>
public sealed class AutomationForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? HandlerKind { get; set; }
    public string? HandlerConfig { get; set; }
    public string? BatchSchema { get; set; }
    public string? ItemSchema { get; set; }
    public int? MaxAttempts { get; set; }
    public int? MaxConcurrency { get; set; }
    public int? RetryDelaySeconds { get; set; }
    public int? Version { get; set; }

    public static AutomationForm From(AutomationDto a) => new()
    {
        Name = a.Name, Description = a.Description, HandlerKind = a.HandlerKind, HandlerConfig = Indented(a.HandlerConfig),
        BatchSchema = a.BatchSchema is { } batch ? Indented(batch) : null, ItemSchema = a.ItemSchema is { } item ? Indented(item) : null,
        MaxAttempts = a.MaxAttempts, MaxConcurrency = a.MaxConcurrency, RetryDelaySeconds = a.RetryDelaySeconds, Version = a.Version,
    };

    public CreateAutomationCommand ToCreate() => new(
        Name ?? "", HandlerKind ?? "", Description.NullIfBlank(), Json("handler_config", HandlerConfig), Json("batch_schema", BatchSchema),
        Json("item_schema", ItemSchema), MaxAttempts, MaxConcurrency, RetryDelaySeconds);

    /// <summary>A built-in automation's form holds its tuning only.</summary>
    public UpdateAutomationCommand ToUpdate(bool builtIn) => builtIn
        ? new(MaxAttempts: MaxAttempts, MaxConcurrency: MaxConcurrency, RetryDelaySeconds: RetryDelaySeconds, Version: Version)
        : new(Name ?? "", Description ?? "", HandlerKind ?? "", Json("handler_config", HandlerConfig) ?? Empty, Json("batch_schema", BatchSchema),
            Json("item_schema", ItemSchema), MaxAttempts, MaxConcurrency, RetryDelaySeconds, Version);

    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    private static JsonElement? Json(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw DomainException.Validation(field, $"{field} is not valid JSON: {e.Message.Split(" Path:")[0]}");
        }
    }

    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };

    private static string Indented(JsonElement value) => JsonSerializer.Serialize(value, IndentedOptions);
}
