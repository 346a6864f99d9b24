using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Symphony.Application;
using Symphony.Application.Common;
using Symphony.Infrastructure;
using Symphony.Infrastructure.Persistence;
using Symphony.Server.Api;
using Symphony.Server.Auth;
using Symphony.Server.Errors;
using Symphony.Server.Logging;

namespace Symphony.Server.Hosting;

public static class ServerSetup
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// The JSON conventions of the API: snake_case names and enum values, unknown fields refused, nulls checked,
    /// strings without control characters or lone surrogates.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.RespectNullableAnnotations = true;
        json.RespectRequiredConstructorParameters = true;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        json.Converters.Add(new CheckedStringConverter());
        json.Converters.Add(new CheckedJsonElementConverter());
    }

    /// <summary>
    /// <c>Symphony:Logging:Format</c>: <c>auto</c> (the default) writes readable lines when standard output is a
    /// terminal and JSON lines otherwise (a service, a container, a pipe); <c>json</c> or <c>text</c> choose.
    /// </summary>
    private static string LogFormat(ConfigurationManager configuration) => (configuration["Symphony:Logging:Format"] ?? "auto") switch
    {
        "json" => RedactingJsonFormatter.Name,
        "text" => RedactingTextFormatter.Name,
        "auto" => Console.IsOutputRedirected ? RedactingJsonFormatter.Name : RedactingTextFormatter.Name,
        var other => throw new Microsoft.Extensions.Options.OptionsValidationException("Symphony:Logging:Format", typeof(string),
            [$"Symphony:Logging:Format: '{other}' is not one of auto, json, text."]),
    };

    public static WebApplicationBuilder AddSymphony(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.Logging.ClearProviders();
        var logFormat = LogFormat(builder.Configuration);
        // An unready node answers so at /health/ready, which probes ask every few seconds: the store's outage is
        // logged once, with a count, by the loops that meet it, not by every probe.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        builder.Logging.AddConsole(o => o.FormatterName = logFormat)
            .AddConsoleFormatter<RedactingJsonFormatter, ConsoleFormatterOptions>()
            .AddConsoleFormatter<RedactingTextFormatter, ConsoleFormatterOptions>();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        // Started from a build (dotnet run, bin/), the stylesheet and scripts stay in the project's wwwroot and the
        // build's manifest says where; a published server has them in its own wwwroot and no manifest.
        builder.WebHost.UseStaticWebAssets();

        services.AddApplication();
        services.AddInfrastructure(builder.Configuration);
        services.AddSymphonyTelemetry(builder.Configuration);
        services.AddSymphonyAuth();
        // Cookies and antiforgery tokens are protected by these keys. Several nodes must share the folder.
        var dataDirectory = builder.Configuration["Symphony:DataDirectory"] ?? SymphonyOptions.DefaultDataDirectory;
        DataFolder.Secure(dataDirectory);
        services.AddDataProtection()
            .SetApplicationName("symphony")
            .PersistKeysToFileSystem(new DirectoryInfo(builder.Configuration["Symphony:DataProtection:KeyDirectory"]
                ?? Path.Combine(dataDirectory, "keys", "data-protection")));

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddSingleton<StoreOutageLog>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddProblemDetails();

        services.AddSymphonyOpenApi();
        services.AddScoped<Pages.ConsoleContext>();
        TrustProxies(services, builder.Configuration);
        services.AddHealthChecks().AddDbContextCheck<SymphonyDbContext>("database", tags: ["ready"]);
        services.AddConsoleLanguages();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Identity/Login");
            o.Conventions.AllowAnonymousToPage("/Language");
        }).AddViewLocalization();

        // Gives every request a W3C trace id, so logs and problems carry one even with no exporter configured.
        ActivitySource.AddActivityListener(new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        });
        return builder;
    }

    /// <summary>
    /// With <c>Symphony:Http:TrustedProxies</c> (addresses or networks), X-Forwarded-For and X-Forwarded-Proto sent by
    /// those proxies are believed: the client address (rate limits, audit) and HTTPS (Secure cookies, HSTS) are the
    /// real ones. Sent by anyone else, they change nothing; without the setting, nobody's are read.
    /// </summary>
    private static void TrustProxies(IServiceCollection services, ConfigurationManager configuration)
    {
        var section = configuration.GetSection("Symphony:Http:TrustedProxies");
        // A list (TrustedProxies:0, :1...) or one comma-separated value (Symphony__Http__TrustedProxies="10.0.0.5,10.0.1.0/24").
        var entries = section.GetChildren().Select(c => c.Value ?? "").Append(section.Value ?? "");
        var proxies = NetworkList.Parse(entries, "Symphony:Http:TrustedProxies");
        if (proxies.IsEmpty) return;
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // A chain of trusted proxies is walked back to the first address that is not one of them.
            o.ForwardLimit = null;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in proxies.Networks) o.KnownIPNetworks.Add(network);
        });
        services.AddSingleton(new TrustedProxies());
    }

    private sealed class TrustedProxies;

    public static WebApplication UseSymphony(this WebApplication app)
    {
        if (app.Services.GetService<TrustedProxies>() is not null)
            app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.ContentLength is not null || !string.IsNullOrEmpty(http.Response.ContentType)) return;
            var code = Problems.ForStatus(http.Response.StatusCode);
            if (Problems.IsApi(http))
                await Problems.WriteAsync(http, code);
            else if (http.Response.StatusCode == StatusCodes.Status404NotFound && HttpMethods.IsGet(http.Request.Method)
                && http.Request.Path != Pages.NotFoundModel.Path)
                await ShowPageAsync(context, Pages.NotFoundModel.Path);
            else
            {
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync($"{http.Response.StatusCode}: {code.Title}.");
            }
        });
        app.UseMiddleware<QueryStringCheck>();
        app.UseConsoleLanguages();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<CsrfMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi("/api/{documentName}/openapi.json");
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/api/v1/openapi.json", "Symphony API v1");
            o.RoutePrefix = "api/docs";
            o.DocumentTitle = "Symphony API";
        });
        app.MapSymphonyMetrics();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth });

        var api = app.MapGroup("/api/v1");
        api.MapIdentityApi().MapAuditApi().MapWorkspacesApi().MapDashboardApi().MapReposApi().MapVaultsApi().MapCredentialsApi().MapFleetApi().MapClassificationsApi().MapAlertsApi().MapCapacityApi()
            .MapAutomationsApi().MapRunsApi().MapOrchestrationApi().MapSchedulerApi().MapRetentionApi();
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }

    /// <summary>The console's own page for a status (its navigation and switcher around it), in place of a bare answer.</summary>
    private static async Task ShowPageAsync(StatusCodeContext context, string page)
    {
        var http = context.HttpContext;
        var (path, query) = (http.Request.Path, http.Request.QueryString);
        http.SetEndpoint(null);
        http.Request.RouteValues.Clear();
        http.Request.Path = page;
        http.Request.QueryString = QueryString.Empty;
        try
        {
            await context.Next(http);
        }
        finally
        {
            // The page answers with the status itself (it has started the response by now).
            (http.Request.Path, http.Request.QueryString) = (path, query);
        }
    }

    private static Task WriteHealth(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString().ToLowerInvariant()),
            // What a check said: a degraded one's warnings (partitions), a healthy one's summary.
            details = report.Entries.Where(e => e.Value.Description is not null).ToDictionary(e => e.Key, e => e.Value.Description),
        });
    }
}
