namespace Symphony.Application.Identity;

/// <summary>Slow, salted password hashing.</summary>
public interface IPasswordHasher
{
    string Hash(string password);
    PasswordCheck Verify(string hash, string password);
}

public enum PasswordCheck { Failed, Success, SuccessRehashNeeded }
