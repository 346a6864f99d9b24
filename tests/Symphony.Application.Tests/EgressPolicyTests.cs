using System.Net;
using Symphony.Application.Common;
using Symphony.Domain.Common;

namespace Symphony.Application.Tests;

public sealed class EgressPolicyTests
{
    private static readonly IPAddress OwnPublicAddress = IPAddress.Parse("203.0.113.10");

    private static EgressPolicy Policy(EgressOptions? options = null) => new(options ?? new EgressOptions(), () => [OwnPublicAddress]);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.1.2.3", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.100.100.200", "shared")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("2002:a9fe:a9fe::1", "link-local")]
    [InlineData("::ffff:0:7f00:1", "IPv4-translated")]
    [InlineData("64:ff9b:1::1", "local NAT64")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo")]
    [InlineData("203.0.113.10", "this server")]
    [InlineData("::ffff:203.0.113.10", "this server")]
    public void Addresses_that_lead_inside_are_refused_by_default(string address, string why)
    {
        var reason = Policy().RefusalFor("host.example", IPAddress.Parse(address));
        Assert.NotNull(reason);
        Assert.Contains(why, reason);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("172.32.0.1")]
    public void Public_addresses_are_allowed_by_default(string address) =>
        Assert.Null(Policy().RefusalFor("host.example", IPAddress.Parse(address)));

    [Fact]
    public void Allowed_networks_and_hosts_open_exactly_what_they_name()
    {
        var policy = Policy(new EgressOptions { AllowedNetworks = ["10.20.0.0/16", "127.0.0.1"], AllowedHosts = ["*.corp.example", "jenkins.ops"] });

        Assert.Null(policy.RefusalFor("x", IPAddress.Parse("10.20.3.4")));
        Assert.NotNull(policy.RefusalFor("x", IPAddress.Parse("10.21.0.1")));
        Assert.Null(policy.RefusalFor("x", IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.NotNull(policy.RefusalFor("x", IPAddress.Parse("127.0.0.2")));
        Assert.Null(policy.RefusalFor("ci.corp.example", IPAddress.Parse("10.9.9.9")));
        Assert.Null(policy.RefusalFor("JENKINS.ops.", IPAddress.Parse("192.168.3.3")));
        Assert.NotNull(policy.RefusalFor("corp.example.evil", IPAddress.Parse("192.168.3.3")));
    }

    [Fact]
    public void Without_public_egress_only_the_listed_destinations_are_allowed()
    {
        var policy = Policy(new EgressOptions { AllowPublic = false, AllowedHosts = ["hooks.example.com"] });

        Assert.Null(policy.RefusalFor("hooks.example.com", IPAddress.Parse("93.184.215.14")));
        Assert.Contains("not among the allowed", policy.RefusalFor("other.example.com", IPAddress.Parse("93.184.215.14")));
    }

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://app.localhost/")]
    [InlineData("http://metadata.google.internal/")]
    public void Literal_addresses_and_known_names_are_refused_at_configuration_time(string url)
    {
        var e = Assert.Throws<DomainException>(() => Policy().EnsureAllowed(new Uri(url), "url"));
        Assert.Equal(MessageCodes.EgressDenied, e.Code);
        Assert.Equal("url", e.Errors[0].Field);
    }

    [Fact]
    public void Host_names_are_left_to_the_check_at_call_time() => Policy().EnsureAllowed(new Uri("https://hooks.example.com/x"), "url");

    [Fact]
    public void A_malformed_network_stops_the_start_naming_the_setting()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Policy(new EgressOptions { AllowedNetworks = ["10.0.0.0/33"] }));
        Assert.Contains("Symphony:Egress:AllowedNetworks", e.Message);
    }
}
