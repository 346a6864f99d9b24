using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Symphony.Server.Hosting;

/// <summary>
/// What stops the server before it serves, said in one line each (<c>Symphony cannot start: ...</c>) instead of an
/// unhandled exception: a setting that breaks its rules or does not parse, an address already in use.
/// </summary>
public static partial class StartupFailure
{
    public const string Prefix = "Symphony cannot start: ";

    /// <summary>The lines of a failure a user can fix by configuration; none for anything else (a bug keeps its stack trace).</summary>
    public static IReadOnlyList<string> Lines(Exception e, IConfiguration? configuration) => e switch
    {
        OptionsValidationException o => [.. o.Failures],
        AggregateException a => [.. a.InnerExceptions.SelectMany(inner => Lines(inner, configuration))],
        InvalidOperationException i when NotConverted().Match(i.Message) is { Success: true } m =>
            [$"{m.Groups[1].Value}: '{configuration?[m.Groups[1].Value]}' is not {Form(m.Groups[2].Value)} (docs/reference/configuration.md)."],
        IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException } io => [PortInUse(io.Message)],
        _ => [],
    };

    /// <summary>
    /// The configured addresses checked before the server starts: a port another program holds is said in one line
    /// with how to choose another, before Kestrel would fail with a stack trace. Only for a server that listens on
    /// sockets (Kestrel; an in-memory test host listens on none, and many of them start at once).
    /// </summary>
    public static string? PortTaken(WebApplication app)
    {
        if (app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.GetType().Name.StartsWith("Kestrel", StringComparison.Ordinal) != true)
            return null;
        foreach (var url in (app.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                    UriKind.Absolute, out var uri) || uri.Port <= 0)
                continue;
            var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host, out var parsed) ? parsed : null;
            if (address is null) continue;
            try
            {
                using var probe = new TcpListener(address, uri.Port);
                probe.Start();
            }
            catch (SocketException s) when (s.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return PortInUse($"{url} is in use");
            }
        }
        return null;
    }

    private static string PortInUse(string what) =>
        $"{what.TrimEnd('.')}: another program listens on that port. Choose another with --urls, such as " +
        "dotnet run --project src/Symphony.Server -- --urls http://localhost:5081 (or the Urls setting).";

    /// <summary>The documented form of a setting's type, from the binder's message ("System.Int32", an enum's full name).</summary>
    private static string Form(string typeName) => typeName switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a time span such as 00:00:30",
        "System.Double" => "a number",
        _ when AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null) is { IsEnum: true } type =>
            $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a {typeName}",
    };

    [GeneratedRegex(@"^Failed to convert configuration value (?:'[^']*' )?at '([^']+)' to type '([^']+)'")]
    private static partial Regex NotConverted();
}
