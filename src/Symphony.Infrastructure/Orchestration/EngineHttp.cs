using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Symphony.Application.Orchestration;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Http;

namespace Symphony.Infrastructure.Orchestration;

/// <summary>
/// Calls to an engine's API. Every failure becomes an <see cref="EngineException"/> naming the call and what came
/// back; timeouts, network errors, 408, 429 and 5xx may pass on retry, other answers will not.
/// </summary>
public sealed class EngineHttp(HttpClient client)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public async Task<JsonElement> JsonAsync(HttpMethod method, Uri url, object? body, CancellationToken ct) =>
        ParseBody(await SendAsync(method, url, body is null ? null : JsonContent.Create(body), ct), method, url);

    public async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpMethod method, Uri url, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        try
        {
            var response = await client.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new EngineException($"{method} {url} answered {status} {response.ReasonPhrase}{Detail(body)}", IsRetryable(response.StatusCode));
            }
            return (response, body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new EngineException($"{method} {url} timed out after {CallTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (EgressHttpClient.Denial(e) is { } denied)
        {
            throw new EngineException($"{MessageCodes.EgressDenied.Code}: {method} {url} refused: {denied.Message}", retryable: false);
        }
        catch (HttpRequestException e)
        {
            throw new EngineException($"{method} {url} failed: {e.Message}");
        }
    }

    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static JsonElement ParseBody((HttpResponseMessage Response, string Body) answer, HttpMethod method, Uri url)
    {
        using var response = answer.Response;
        try
        {
            using var document = JsonDocument.Parse(answer.Body.Length == 0 ? "null" : answer.Body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new EngineException($"{method} {url} answered with something other than JSON{Detail(answer.Body)}", retryable: false);
        }
    }

    private static string Detail(string body) => body.Length == 0 ? "" : ": " + (body.Length <= 300 ? body : body[..300] + "...");
}

/// <summary>Reading the fields of an engine's JSON answers.</summary>
internal static class Json
{
    public static string? String(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value : null;
}
