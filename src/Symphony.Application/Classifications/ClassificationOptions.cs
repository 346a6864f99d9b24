namespace Symphony.Application.Classifications;

/// <summary>
/// What evaluating rules may cost (<c>Symphony:Classification</c>): a preview is open to every reader of a workspace
/// and a pass runs after every accounts sync, so each has a time budget and previews a rate per caller.
/// </summary>
public sealed class ClassificationOptions
{
    public const string Section = "Symphony:Classification";

    /// <summary>The longest a rule preview may evaluate before it stops with RULE_BUDGET_EXCEEDED.</summary>
    public TimeSpan PreviewBudget { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>The longest one instance's classification may evaluate its rules before the pass stops, saving nothing.</summary>
    public TimeSpan PassBudget { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Previews one caller may ask for a minute.</summary>
    public int PreviewsPerMinute { get; set; } = 30;
    /// <summary>Previews of one caller evaluated at once; more wait their turn or are refused.</summary>
    public int ConcurrentPreviews { get; set; } = 2;
}
