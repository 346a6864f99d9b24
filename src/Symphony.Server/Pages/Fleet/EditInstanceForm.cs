using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;

namespace Symphony.Server.Pages.Fleet;

/// <summary>An instance's edit form as the console sends it: the API's fields, and the capacity threshold in GiB.</summary>
public sealed record EditInstanceForm
{
    public string? Name { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public string? DatabaseName { get; init; }
    public Guid? CredentialId { get; init; }
    public string? Environment { get; init; }
    public string? Description { get; init; }
    public TlsMode? TlsMode { get; init; }
    public int Version { get; init; }
    public string? ThresholdGib { get; init; }

    public static EditInstanceForm Of(InstanceDto i, long? thresholdBytes) => new()
    {
        Name = i.Name, Host = i.Host, Port = i.Port, DatabaseName = i.DatabaseName, CredentialId = i.CredentialId, Environment = i.Environment,
        Description = i.Description, TlsMode = i.TlsMode, Version = i.Version, ThresholdGib = Capacity.ThresholdInput.Gib(thresholdBytes),
    };

    /// <summary>The update: an empty field is left as it is (the API has no way to clear a database name or an environment).</summary>
    public UpdateInstanceCommand Command() => new(
        Name.NullIfBlank(), Host.NullIfBlank(), Port, DatabaseName.NullIfBlank(), CredentialId, Environment.NullIfBlank(), Description.NullIfBlank(),
        Version, TlsMode);
}
