using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace LinkMobility.WhatsApp;

/// <summary>
/// HTTP Basic authentication as the document uses it both ways: the client's requests to LINK and LINK's
/// callbacks to the customer's webhook. One place builds the header and checks it in constant time.
/// </summary>
public static class BasicCredentials
{
    private const string Scheme = "Basic";

    /// <summary>The Authorization header value for <paramref name="username"/> and <paramref name="password"/>.</summary>
    public static AuthenticationHeaderValue Header(string username, string password) =>
        new(Scheme, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    /// <summary>
    /// True when <paramref name="header"/> (an Authorization header as received) carries exactly these
    /// credentials; compared in constant time so the answer's timing does not leak the password.
    /// </summary>
    public static bool Matches(string? header, string username, string password)
    {
        if (header is null || header.Length <= Scheme.Length || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header[Scheme.Length] != ' ')
            return false;
        byte[] given;
        try
        {
            given = Convert.FromBase64String(header[(Scheme.Length + 1)..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes($"{username}:{password}"));
    }
}
