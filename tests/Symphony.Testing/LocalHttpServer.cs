using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Symphony.Testing;

/// <summary>A request the server received, as it arrived.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real HTTP server on a free loopback port (Kestrel), standing in for the services Symphony calls: item
/// endpoints, engines. Tests map its routes and read what it received.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHttpServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<LocalHttpServer> StartAsync(Action<WebApplication> map, string host = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://{host}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LocalHttpServer? server = null;
        app.Use(async (http, next) =>
        {
            http.Request.EnableBuffering();
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            http.Request.Body.Position = 0;
            server!.Received.Enqueue(new ReceivedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, body,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await next(http);
        });
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LocalHttpServer(app, new Uri(address));
        return server;
    }

    public IReadOnlyList<ReceivedRequest> To(string method, string pathPrefix) =>
        Received.Where(r => r.Method == method && r.PathAndQuery.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Answers from recorded files: the bodies an engine's API returned, kept beside the tests.</summary>
public static class Recorded
{
    public static IResult Json(string path, int status = StatusCodes.Status200OK) =>
        Results.Content(File.ReadAllText(path), "application/json", statusCode: status);
}
