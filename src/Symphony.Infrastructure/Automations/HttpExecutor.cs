using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Http;
using Symphony.Schemas;

namespace Symphony.Infrastructure.Automations;

/// <summary>
/// POSTs each item to the automation's URL. A 2xx answer completes the item with the response as its result;
/// a timeout, a network error, 408, 429 or 5xx fails the attempt and the engine retries it with backoff; any
/// other 4xx means the endpoint refused the item, which a retry cannot change, so it fails at once. The item
/// execution id goes in an <c>Idempotency-Key</c> header, so a receiver can recognise a retried delivery.
/// </summary>
public sealed class HttpExecutor(HttpClient client, EgressPolicy egress) : IItemExecutor
{
    private const int MaxResultBytes = 64 * 1024;

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
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            var body = await ReadCappedAsync(response, timeoutSource.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return ItemOutcome.Success(AsResult(body, status));
            var retryable = status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;
            var detail = body.Length == 0 ? "" : $": {Shorten(body)}";
            return ItemOutcome.Failure($"POST {url} answered {status} {response.ReasonPhrase}{detail}", retryable);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ItemOutcome.Failure($"POST {url} timed out after {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (EgressHttpClient.Denial(e) is { } denied)
        {
            return ItemOutcome.Failure($"{MessageCodes.EgressDenied.Code}: POST {url} refused: {denied.Message}", retryable: false);
        }
        catch (HttpRequestException e)
        {
            return ItemOutcome.Failure($"POST {url} failed: {e.Message}");
        }
    }

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResultBytes + 1];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, Math.Min(read, MaxResultBytes));
    }

    /// <summary>A JSON answer is the result as it is; anything else is kept as text beside the status.</summary>
    private static string AsResult(string body, int status)
    {
        if (body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.GetRawText();
            }
            catch (JsonException)
            {
                // Not JSON: wrapped below.
            }
        }
        return JsonSerializer.Serialize(new { status, body });
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "...";
}
