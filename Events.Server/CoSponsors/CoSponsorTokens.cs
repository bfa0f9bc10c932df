using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Events.Server.CoSponsors;

/// <summary>
/// The secret in a focal point's link: 256 random bits, base64url without padding (43 characters). The database keeps
/// only its SHA-256, so a copy of the database does not hold working links.
/// </summary>
public static class CoSponsorTokens
{
    public const int TokenBytes = 32;
    public const int TokenLength = 43;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    /// <summary>
    /// Whether the text could be one of our tokens at all. Anything else is refused without asking the database; it
    /// gets the same answer as a well-formed unknown token.
    /// </summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
