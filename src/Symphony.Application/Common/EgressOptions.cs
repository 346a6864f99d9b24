namespace Symphony.Application.Common;

/// <summary>Where outbound HTTP of item executors and engines may go (<c>Symphony:Egress</c>).</summary>
public sealed class EgressOptions
{
    public const string Section = "Symphony:Egress";

    /// <summary>Host names allowed whatever they resolve to: "jenkins.internal", or "*.corp.example" for its subdomains.</summary>
    public List<string> AllowedHosts { get; set; } = [];
    /// <summary>Addresses and CIDR ranges allowed although refused by default (loopback, private, link-local...).</summary>
    public List<string> AllowedNetworks { get; set; } = [];
    /// <summary>False: only <see cref="AllowedHosts"/> and <see cref="AllowedNetworks"/> may be called, public addresses too are refused.</summary>
    public bool AllowPublic { get; set; } = true;
}
