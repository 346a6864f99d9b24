using System.Text.Json;
using Symphony.Domain.Automations;
using Symphony.Domain.Retention;

namespace Symphony.Domain.Tests;

public sealed class BuiltInsTests
{
    [Fact]
    public void Retention_runs_one_item_per_kind_of_record_the_sweep_knows()
    {
        var named = BuiltIns.Retention.FixedItems.Select(item => JsonDocument.Parse(item).RootElement.GetProperty("kind").GetString()).ToList();

        Assert.Equal(RetentionKinds.All.Select(RetentionKinds.Name), named);
        Assert.All(named, name => Assert.NotNull(RetentionKinds.Named(name)));
    }

    [Fact]
    public void Each_built_in_is_listed_once_under_the_reserved_prefix_with_a_known_handler()
    {
        Assert.Equal(BuiltIns.All.Count, BuiltIns.All.Select(b => b.Name).Distinct().Count());
        Assert.All(BuiltIns.All, b => Assert.StartsWith(BuiltIns.Prefix, b.Name));
        Assert.All(BuiltIns.All, b => Assert.Contains(b.HandlerKind, HandlerKinds.Known));
        Assert.All(BuiltIns.All, b => Assert.Equal(b.Scope == BuiltInScope.FixedItems, b.FixedItems.Count > 0));
    }

    [Fact]
    public void Events_start_the_webhooks_and_jobs_may_fire_the_rest()
    {
        Assert.DoesNotContain(BuiltIns.Webhooks.Name, BuiltIns.SchedulableNames);
        Assert.Equal(BuiltIns.All.Count - 1, BuiltIns.SchedulableNames.Count);
        Assert.Same(BuiltIns.AutoClassify, BuiltIns.Named("builtin.auto-classify"));
        Assert.Null(BuiltIns.Named("builtin.something-else"));
        Assert.True(new Automation { Name = BuiltIns.Retention.Name, HandlerKind = HandlerKinds.Retention }.IsBuiltIn);
    }
}
