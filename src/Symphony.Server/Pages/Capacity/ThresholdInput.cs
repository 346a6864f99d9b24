using System.Globalization;
using Symphony.Application.Capacity;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Capacity;

/// <summary>An instance's capacity threshold as the console's forms take it: GiB, decimals with a point; empty clears it.</summary>
public static class ThresholdInput
{
    private const long GiB = 1L << 30;

    public static long? Bytes(string? gibText)
    {
        if (string.IsNullOrWhiteSpace(gibText)) return null;
        // A comma is a decimal mark in some languages and a thousands mark in others: "0,2" is refused, never read as 2.
        if (gibText.Contains(','))
            throw DomainException.Validation("threshold_bytes",
                $"'{gibText.Trim()}' holds a comma, which reads as a decimal mark or a thousands mark: write the threshold with a point for decimals and no separators, as 0.2 or 1500.");
        if (!decimal.TryParse(gibText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                CultureInfo.InvariantCulture, out var gib) || gib <= 0 || gib > SetCapacityThresholdValidator.MaxBytes / GiB)
            throw DomainException.Validation("threshold_bytes", "The threshold must be a positive number of GiB, such as 0.2 or 1500.");
        return (long)(gib * GiB);
    }

    /// <summary>A threshold as the form shows it back.</summary>
    public static string Gib(long? bytes) => bytes is { } b ? (b / (decimal)GiB).ToString("0.###", CultureInfo.InvariantCulture) : "";
}
