namespace Symphony.Application.Fleet;

/// <summary>Why a target could not be used, in words a DBA acts on.</summary>
public static class ConnectionFailureReasons
{
    public const string Unreachable = "unreachable";
    public const string AuthenticationFailed = "authentication_failed";
    public const string Timeout = "timeout";
    public const string Tls = "tls";
    public const string DatabaseNotFound = "database_not_found";
    public const string PermissionDenied = "permission_denied";
    public const string Protocol = "protocol";
    /// <summary>The target failed its last calls and is left alone for a while (the circuit breaker is open).</summary>
    public const string CircuitOpen = "circuit_open";
}

/// <summary>A target database refused or could not be reached; the message never holds the secret.</summary>
public sealed class DatabaseConnectionException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}
