using System.Net.Http.Json;
using System.Text.Json;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Http;
using Symphony.Schemas;

namespace Symphony.Infrastructure.Automations;

/// <summary>
/// POSTs each item to the automation's URL; what the answer means for the item is <see cref="OutboundPost"/>'s. The
/// item execution id goes in an <c>Idempotency-Key</c> header, so a receiver can recognise a retried delivery.
/// </summary>
public sealed class HttpExecutor(HttpClient client, EgressPolicy egress) : IItemExecutor
{
    public string Kind => HandlerKinds.Http;

    public JsonSchema? ConfigSchema { get; } = JsonSchema.Parse("""
        {
          "type": "object",
          "required": ["url"],
          "additionalProperties": false,
          "properties": {
            "url": { "type": "string", "pattern": "^https?://[^\\s/]+", "maxLength": 2000 },
            "timeout_seconds": { "type": "integer", "minimum": 1, "maximum": 300 }
          }
        }
        """);

    /// <summary>No credentials in the URL (they belong in vault credentials), and no address the egress policy refuses.</summary>
    public void CheckConfig(JsonElement config)
    {
        if (!Uri.TryCreate(config.GetProperty("url").GetString(), UriKind.Absolute, out var url))
            throw DomainException.Validation("handler_config.url", "url must be an absolute http or https URL.");
        if (url.UserInfo.Length > 0)
            throw DomainException.Validation("handler_config.url", "url must not carry credentials; keep secrets in vault credentials.");
        egress.EnsureAllowed(url, "handler_config.url");
    }

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        var url = work.HandlerConfig.GetProperty("url").GetString()!;
        var timeout = TimeSpan.FromSeconds(work.HandlerConfig.TryGetProperty("timeout_seconds", out var t) ? t.GetInt32() : 30);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new
            {
                item_execution_id = work.ItemExecutionId,
                run_id = work.RunId,
                attempt = work.Attempt,
                max_attempts = work.MaxAttempts,
                payload = work.Payload,
            }),
        };
        request.Headers.Add("Idempotency-Key", work.ItemExecutionId.ToString());
        return await OutboundPost.SendAsync(client, request, request.RequestUri!.ToString(), timeout, ct);
    }
}
