using Npgsql;
using Symphony.Application.Fleet;
using Symphony.Infrastructure.Fleet;

namespace Symphony.Infrastructure.Tests;

/// <summary>Which server errors the engine retries (unreachable) and which fail an item at once.</summary>
public sealed class PostgresFailureClassesTests
{
    [Theory]
    [InlineData("57P01", ConnectionFailureReasons.Unreachable)] // administrator shutdown
    [InlineData("57P02", ConnectionFailureReasons.Unreachable)] // crash shutdown
    [InlineData("57P03", ConnectionFailureReasons.Unreachable)] // starting up or shutting down
    [InlineData("53300", ConnectionFailureReasons.Unreachable)] // too many connections
    [InlineData("08000", ConnectionFailureReasons.Unreachable)]
    [InlineData("08003", ConnectionFailureReasons.Unreachable)]
    [InlineData("08006", ConnectionFailureReasons.Unreachable)]
    [InlineData("08P01", ConnectionFailureReasons.Unreachable)]
    [InlineData("28P01", ConnectionFailureReasons.AuthenticationFailed)]
    [InlineData("28000", ConnectionFailureReasons.AuthenticationFailed)]
    [InlineData("3D000", ConnectionFailureReasons.DatabaseNotFound)]
    [InlineData("42501", ConnectionFailureReasons.PermissionDenied)]
    [InlineData("57014", ConnectionFailureReasons.Timeout)]
    [InlineData("42P01", ConnectionFailureReasons.Protocol)]
    [InlineData("53200", ConnectionFailureReasons.Protocol)]
    public void Server_errors_are_classified_by_their_sqlstate(string sqlState, string reason)
    {
        var error = new PostgresException("the server said no", "FATAL", "FATAL", sqlState);
        var failure = PostgresDriver.Classify(error, ConnectionLimits.Default);
        Assert.NotNull(failure);
        Assert.Equal(reason, failure.Reason);
    }
}
