using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Symphony.Server.Logging;

namespace Symphony.Server.Tests;

public sealed class LoggingTests
{
    private static JsonElement Write(string template, params (string Name, object? Value)[] values)
    {
        var state = values.Select(v => new KeyValuePair<string, object?>(v.Name, v.Value)).ToList();
        state.Add(new("{OriginalFormat}", template));
        var writer = new StringWriter();
        new RedactingJsonFormatter().Write(
            new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Information, "Test", new EventId(7), state, null, (s, _) => template),
            null, writer);
        return JsonDocument.Parse(writer.ToString()).RootElement;
    }

    [Fact]
    public void Secret_values_are_redacted_in_properties_and_in_the_message()
    {
        var line = Write("Login for {Username} with {Password} and {RefreshToken}", ("Username", "ann"), ("Password", "hunter2"), ("RefreshToken", "abc"));
        Assert.Equal("Login for ann with [REDACTED] and [REDACTED]", line.GetProperty("message").GetString());
        Assert.Equal("[REDACTED]", line.GetProperty("Password").GetString());
        Assert.Equal("[REDACTED]", line.GetProperty("RefreshToken").GetString());
        Assert.Equal("ann", line.GetProperty("Username").GetString());
        Assert.DoesNotContain("hunter2", line.GetRawText());
    }

    [Fact]
    public void Each_line_is_one_json_object_with_level_category_and_event()
    {
        var line = Write("Started {Count} workers", ("Count", 3));
        Assert.Equal("Information", line.GetProperty("level").GetString());
        Assert.Equal("Test", line.GetProperty("category").GetString());
        Assert.Equal("Started 3 workers", line.GetProperty("message").GetString());
        Assert.Equal(7, line.GetProperty("event_id").GetInt32());
    }
}
