using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Symphony.Testing;
using YamlDotNet.RepresentationModel;

namespace Symphony.EndToEnd.Tests;

/// <summary>
/// The files of deploy/, checked with the tools that run here (docker-compose, promtool; no container runtime or
/// Kubernetes cluster does): they parse, hold together, and the settings they give a node start a working node.
/// </summary>
[LongRunning]
public sealed partial class DeploymentTests : IAsyncLifetime
{
    private static readonly string Deploy = Path.Combine(Repository.Root, "deploy");
    private readonly ServerProcesses _servers = new();

    /// <summary>Set by ./test.sh, which installs both; on a machine without them these tests fail saying so.</summary>
    private static string Tool(string variable, string fallback) => System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : fallback;

    [Fact]
    public async Task The_alert_rules_pass_promtool_and_their_unit_tests()
    {
        var promtool = Tool("SYMPHONY_PROMTOOL", "promtool");
        var check = await TestProcesses.RunAsync(promtool, ["check", "rules", Path.Combine(Deploy, "prometheus", "symphony-alerts.yml")]);
        Assert.Contains("SUCCESS: 6 rules found", check, StringComparison.Ordinal);
        var tests = await TestProcesses.RunAsync(promtool, ["test", "rules", Path.Combine(Deploy, "prometheus", "symphony-alerts.test.yml")]);
        Assert.Contains("SUCCESS", tests, StringComparison.Ordinal);

        // Every Symphony metric an alert or the dashboard reads is one Symphony reports and the reference lists.
        var monitoring = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "reference", "monitoring.md"));
        foreach (var file in new[] { Path.Combine(Deploy, "prometheus", "symphony-alerts.yml"), Path.Combine(Deploy, "grafana", "symphony-dashboard.json") })
        {
            var used = MetricName().Matches(await File.ReadAllTextAsync(file)).Select(m => Regex.Replace(m.Value, "_(bucket|count|sum)$", "")).Distinct().ToList();
            Assert.NotEmpty(used);
            foreach (var metric in used) Assert.True(monitoring.Contains($"`{metric}`", StringComparison.Ordinal), $"{Path.GetFileName(file)} reads {metric}, which monitoring.md does not list");
        }
    }

    [Fact]
    public async Task The_compose_file_is_valid_and_gives_both_nodes_the_same_keys_and_the_shared_key_folder()
    {
        var services = await ComposeServicesAsync();
        var (one, two) = (EnvironmentOf(services, "symphony-1"), EnvironmentOf(services, "symphony-2"));
        foreach (var shared in new[] { "Symphony__Auth__SigningKey", "Symphony__Secrets__MasterKeys__k1", "Symphony__Database__ConnectionString", "Symphony__DataProtection__KeyDirectory" })
            Assert.Equal(one[shared], two[shared]);
        Assert.Equal("PostgreSql", one["Symphony__Database__Provider"]);
        Assert.Contains("keys:/keys", Volumes(services, "symphony-1"));
        Assert.Contains("keys:/keys", Volumes(services, "symphony-2"));
        Assert.Equal("service_healthy", ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)services["symphony-1"])["depends_on"])["postgres"])["condition"].ToString());
    }

    [Fact]
    public async Task Two_nodes_started_with_the_compose_settings_are_ready_share_sign_ins_and_serve_metrics_with_the_token()
    {
        var services = await ComposeServicesAsync();
        var database = await _servers.CreateDatabaseAsync();
        var nodes = new List<string>();
        foreach (var name in new[] { "symphony-1", "symphony-2" })
        {
            var environment = EnvironmentOf(services, name);
            Assert.StartsWith("Host=postgres;Database=symphony;", environment["Symphony__Database__ConnectionString"], StringComparison.Ordinal);
            // The container's addresses become this machine's: the test database, folders of this test.
            environment["Symphony__Database__ConnectionString"] = database;
            environment["Symphony__DataProtection__KeyDirectory"] = Path.Combine(_servers.Folder, "keys");
            environment["Symphony__DataDirectory"] = Path.Combine(_servers.Folder, name);
            nodes.Add(await StartAsync(environment));
        }

        using var client = new HttpClient();
        foreach (var node in nodes) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(node + "/health/ready")).StatusCode);
        var token = await HttpSignIn.AccessTokenAsync(nodes[0], "admin", Values["SYMPHONY_ADMIN_PASSWORD"]);
        using var me = new HttpRequestMessage(HttpMethod.Get, nodes[1] + "/api/v1/auth/me");
        me.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(me)).StatusCode);
        using var scrape = new HttpRequestMessage(HttpMethod.Get, nodes[1] + "/metrics");
        scrape.Headers.Authorization = new("Bearer", Values["SYMPHONY_METRICS_TOKEN"]);
        var metrics = await client.SendAsync(scrape);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("symphony_queue_depth", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_manifests_hold_together()
    {
        var manifests = Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), Load);
        var kustomization = Load(Path.Combine(Deploy, "k8s", "kustomization.yaml"));
        Assert.Equal(manifests.Keys.Order().Select(k => k + ".yaml"), ((YamlSequenceNode)kustomization["resources"]).Select(r => r.ToString()).Order());

        var deployment = manifests["deployment"];
        Assert.Equal("Deployment", deployment["kind"].ToString());
        Assert.Equal("2", At(deployment, "spec", "replicas"));
        var labels = (YamlMappingNode)Node(deployment, "spec", "selector", "matchLabels");
        Assert.Equal(labels, Node(deployment, "spec", "template", "metadata", "labels"));
        Assert.Equal(labels, Node(manifests["pdb"], "spec", "selector", "matchLabels"));
        Assert.Equal(labels, Node(manifests["service"], "spec", "selector"));
        Assert.Equal("1", At(manifests["pdb"], "spec", "minAvailable"));
        Assert.Equal("true", At(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"));

        var container = (YamlMappingNode)((YamlSequenceNode)Node(deployment, "spec", "template", "spec", "containers"))[0];
        var port = (YamlMappingNode)((YamlSequenceNode)container["ports"])[0];
        Assert.Equal("8080", port["containerPort"].ToString());
        Assert.Equal(port["name"].ToString(), At(manifests["service"], "spec", "ports", "0", "targetPort"));
        // The probes ask the endpoints the server has (a node answers them in the compose test above).
        Assert.Equal("/health/live", At(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", At(container, "readinessProbe", "httpGet", "path"));

        // Every variable the pods get is a documented setting (or the first admin's password).
        var configuration = File.ReadAllText(Path.Combine(Repository.Root, "docs", "reference", "configuration.md"));
        var variables = ((YamlMappingNode)manifests["configmap"]["data"]).Children.Keys.Concat(((YamlMappingNode)manifests["secret"]["stringData"]).Children.Keys)
            .Select(k => k.ToString()).ToList();
        Assert.Contains("Symphony__Auth__SigningKey", variables);
        Assert.Contains("Symphony__Secrets__MasterKeys__k1", variables);
        foreach (var variable in variables.Where(v => v != "SYMPHONY_ADMIN_PASSWORD"))
        {
            var setting = Regex.Replace(variable.Replace("__", ":", StringComparison.Ordinal), ":k1$", ":<id>");
            Assert.True(configuration.Contains($"`{setting}`", StringComparison.Ordinal), $"{variable} is not a setting of docs/reference/configuration.md");
        }
        Assert.DoesNotMatch("[A-Za-z0-9+/]{40,}={0,2}", File.ReadAllText(Path.Combine(Deploy, "k8s", "secret.yaml")));
    }

    /// <summary>The values of the env file the compose test passes: real keys, as an operator would make them.</summary>
    private static readonly Dictionary<string, string> Values = new()
    {
        ["POSTGRES_PASSWORD"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
        ["SYMPHONY_SIGNING_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["SYMPHONY_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["SYMPHONY_ADMIN_PASSWORD"] = "Deploy1Password",
        ["SYMPHONY_METRICS_TOKEN"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary><c>docker-compose config</c>: the file as Compose reads it, variables substituted, anchors merged.</summary>
    private async Task<YamlMappingNode> ComposeServicesAsync()
    {
        var env = Path.Combine(_servers.Folder, "test.env");
        await File.WriteAllLinesAsync(env, Values.Select(v => $"{v.Key}={v.Value}"));
        var config = await TestProcesses.RunAsync(Tool("SYMPHONY_DOCKER_COMPOSE", "docker-compose"),
            ["-f", Path.Combine(Deploy, "compose.yaml"), "--env-file", env, "config"]);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(config));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static Dictionary<string, string> EnvironmentOf(YamlMappingNode services, string service) =>
        ((YamlMappingNode)((YamlMappingNode)services[service])["environment"]).Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString());

    private static List<string> Volumes(YamlMappingNode services, string service) =>
        ((YamlSequenceNode)((YamlMappingNode)services[service])["volumes"]).Select(v => Regex.Replace(v.ToString(), ":rw$", "")).ToList();

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(file)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode Node(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => n is YamlSequenceNode list ? list[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] : ((YamlMappingNode)n)[key]);

    private static string At(YamlNode node, params string[] path) => Node(node, path).ToString();

    private async Task<string> StartAsync(Dictionary<string, string> environment) => (await _servers.StartAsync(environment)).Url;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [GeneratedRegex(@"\bsymphony_[a-z_]+")]
    private static partial Regex MetricName();
}
