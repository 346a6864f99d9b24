using System.Net;
using System.Text;
using System.Text.Json;
using Symphony.Application.Automations;
using Symphony.Domain.Common;

namespace Symphony.Infrastructure.Http;

/// <summary>
/// An item's POST to a URL and what its answer means for the item: a 2xx completes it with the answer as its
/// result; a timeout, a network error, 408, 429 or 5xx fails the attempt for the engine to retry; any other 4xx is a
/// refusal a retry cannot change; a destination the egress policy refuses fails at once. Errors name the destination
/// as <c>shown</c>: a webhook's origin only, since the rest of its URL may be its credential.
/// </summary>
public static class OutboundPost
{
    private const int MaxResultBytes = 64 * 1024;

    /// <summary>Sends <paramref name="request"/>; <paramref name="answered"/> is told the status of the answer, when one comes (a webhook's delivery keeps it).</summary>
    public static async Task<ItemOutcome> SendAsync(
        HttpClient client, HttpRequestMessage request, string shown, TimeSpan timeout, CancellationToken ct, Action<int>? answered = null)
    {
        var url = shown;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            var body = await ReadCappedAsync(response, timeoutSource.Token);
            var status = (int)response.StatusCode;
            answered?.Invoke(status);
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
