using System.Security.Cryptography;
using System.Text;

namespace Symphony.Application.Common;

/// <summary>
/// The one SHA-256 of a text, as the store keeps it: lower-case hex of its UTF-8 bytes. Tokens are stored by it (never
/// the token), ledger snapshots are compared by it, and idempotency keys are scoped by it.
/// </summary>
public static class Sha256
{
    public static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
