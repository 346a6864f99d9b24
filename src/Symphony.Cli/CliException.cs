namespace Symphony.Cli;

/// <summary>A failure told to the user in one line, with the exit code it ends with.</summary>
public sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>What the process's exit code says.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The run waited for did not complete (failed or cancelled).</summary>
    public const int RunNotCompleted = 1;
    /// <summary>The server refused the request: a problem with a message code.</summary>
    public const int Refused = 2;
    /// <summary>The server could not be reached.</summary>
    public const int Unreachable = 3;
    /// <summary>Not signed in, or the session or token has ended.</summary>
    public const int Authentication = 4;
    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 64;
}
