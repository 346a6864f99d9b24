namespace Symphony.Domain.Identity;

/// <summary>8 to 128 characters with at least one upper-case letter, one lower-case letter and one digit.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public static IReadOnlyList<string> Check(string? password)
    {
        if (string.IsNullOrEmpty(password))
            return ["Password is required."];
        var problems = new List<string>();
        if (password.Length < MinLength || password.Length > MaxLength)
            problems.Add($"Password must be {MinLength} to {MaxLength} characters long.");
        if (!password.Any(char.IsUpper))
            problems.Add("Password must contain an upper-case letter.");
        if (!password.Any(char.IsLower))
            problems.Add("Password must contain a lower-case letter.");
        if (!password.Any(char.IsDigit))
            problems.Add("Password must contain a digit.");
        return problems;
    }
}
