using Symphony.Application.Alerts;

namespace Symphony.Server.Pages.Alerts;

/// <summary>A webhook's form as the console sends it: the API's fields; an empty secret on an edit keeps the one stored.</summary>
public sealed record WebhookForm
{
    public string? Name { get; init; }
    public string? Url { get; init; }
    public List<string> Events { get; init; } = [];
    public string? Secret { get; init; }
    public int MinRiskLevel { get; init; } = 1;
    public bool Enabled { get; init; } = true;
    public int Version { get; init; }

    public static WebhookForm Of(WebhookDto w) => new()
    {
        Name = w.Name, Url = w.Url, Events = [.. w.Events], MinRiskLevel = w.MinRiskLevel, Enabled = w.IsEnabled, Version = w.Version,
    };

    public CreateWebhookCommand Create() => new(Name ?? "", Url, Events, Secret, MinRiskLevel, Enabled);

    public UpdateWebhookCommand Update() => new(Name, Url, Events, string.IsNullOrEmpty(Secret) ? null : Secret, MinRiskLevel, Enabled, Version);

    /// <summary>What a refused form shows again: everything typed but the secret, which is never sent back to the browser.</summary>
    public WebhookForm Refused() => this with { Secret = null };
}

/// <summary>What the form's partial view shows: the values, whether it makes a webhook, and the page's refusal by field.</summary>
public sealed record WebhookFormView(WebhookForm Form, bool IsNew, WorkspacePage Page);
