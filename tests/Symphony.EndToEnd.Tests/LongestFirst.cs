using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Symphony.EndToEnd.Tests.LongestFirst", "Symphony.EndToEnd.Tests")]

namespace Symphony.EndToEnd.Tests;

/// <summary>A class of tests that takes a minute and more: it starts before the others.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute : Attribute;

/// <summary>
/// Starts the long classes first (a class is a collection of its own here), so a run on two cores does not end on
/// one of them running alone while the cores idle.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private const string DefaultCollectionPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => IsLong(c) ? 0 : 1).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static bool IsLong(ITestCollection collection) =>
        collection.DisplayName.StartsWith(DefaultCollectionPrefix, StringComparison.Ordinal)
        && typeof(LongestFirst).Assembly.GetType(collection.DisplayName[DefaultCollectionPrefix.Length..])?
            .IsDefined(typeof(LongRunningAttribute), inherit: false) == true;
}
