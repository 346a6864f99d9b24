using System.Security.Cryptography;
using System.Text;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Symphony.Application.Common;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Retention;
using Symphony.Infrastructure.Runs;

namespace Symphony.Server.Hosting;

/// <summary>How Symphony's spans and metrics leave the process (<c>Symphony:Telemetry</c>); with neither set, they are not collected.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Symphony:Telemetry";
    public const string MetricsPath = "/metrics";

    /// <summary>An OpenTelemetry collector (OTLP over HTTP/protobuf or gRPC), such as http://otel-collector:4317: spans and metrics go there.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>With a token set, <c>/metrics</c> answers Prometheus's scrapes that carry it as a bearer token; without one, it does not exist.</summary>
    public string? MetricsToken { get; set; }

    /// <summary>The name of the service in spans and metrics (<c>service.name</c>).</summary>
    public string ServiceName { get; set; } = "symphony";
}

/// <summary>
/// OpenTelemetry: spans of HTTP requests (ASP.NET Core), outgoing calls (HttpClient), store and catalog queries
/// (Npgsql, MySqlConnector) and Symphony's own (<see cref="Telemetry"/>: claims, items, targets); metrics of the
/// same, of the runtime and of ASP.NET Core. Exported by OTLP, and to Prometheus at <c>/metrics</c> behind a token.
/// </summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddSymphonyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<TelemetryOptions>(configuration, TelemetryOptions.Section, (o, r) =>
        {
            // Empty means unset, as a compose file or a manifest passes an unset variable.
            if (!string.IsNullOrEmpty(o.OtlpEndpoint)) r.HttpUrl(o.OtlpEndpoint, nameof(o.OtlpEndpoint));
            r.Require(string.IsNullOrEmpty(o.MetricsToken) || o.MetricsToken.Length >= 32, nameof(o.MetricsToken),
                "is shorter than 32 characters (a random string, such as the output of: openssl rand -hex 32).");
            r.Require(!string.IsNullOrWhiteSpace(o.ServiceName), nameof(o.ServiceName), "is empty (a name, such as symphony).");
        });
        var settings = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out var endpoint) ? endpoint : null;
        var prometheus = !string.IsNullOrEmpty(settings.MetricsToken);
        if (otlp is null && !prometheus) return services;

        services.AddQueueGauges().AddPartitionGauges();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Telemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (prometheus) metrics.AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(o => Otlp(o, otlp, "v1/metrics"));
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(Telemetry.Name, "MySqlConnector")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(TelemetryOptions.MetricsPath))
                // Outgoing calls are named by their origin only: a webhook's path may be its credential (Slack's is).
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (span, request) =>
                {
                    if (request.RequestUri is { } uri) span.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority));
                })
                .AddNpgsql()
                .AddOtlpExporter(o => Otlp(o, otlp, "v1/traces")));
        }
        return services;
    }

    /// <summary><c>/metrics</c> for Prometheus, only to a scrape that carries the token, whatever else the request has.</summary>
    public static WebApplication MapSymphonyMetrics(this WebApplication app)
    {
        var token = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.MetricsToken;
        if (string.IsNullOrEmpty(token)) return app;
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + token));
        app.MapPrometheusScrapingEndpoint(TelemetryOptions.MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()));
            if (!CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Errors.Problems.WriteAsync(context, Domain.Common.MessageCodes.AuthenticationRequired, "Scrapes need the metrics token (Symphony:Telemetry:MetricsToken) as a bearer token.");
                return;
            }
            await next(context);
        }), optionsName: null);
        return app;
    }

    /// <summary>The collector's address as given, with the signal's path when it speaks HTTP (port 4318).</summary>
    private static void Otlp(OtlpExporterOptions o, Uri endpoint, string signalPath)
    {
        var http = endpoint.Port == 4318;
        o.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        o.Endpoint = http ? new Uri(endpoint, signalPath) : endpoint;
    }
}
