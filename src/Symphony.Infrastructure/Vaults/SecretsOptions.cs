namespace Symphony.Infrastructure.Vaults;

/// <summary>Where master keys come from: <c>Symphony:Secrets</c>.</summary>
public sealed class SecretsOptions
{
    public const string Section = "Symphony:Secrets";

    /// <summary>Master keys by id, base64 (32 bytes). Empty: key files in the data folder's keys/master.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = [];

    /// <summary>The key new secrets are wrapped with; required when <see cref="MasterKeys"/> is set.</summary>
    public string? ActiveKeyId { get; set; }
}
