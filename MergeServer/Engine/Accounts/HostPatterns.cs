using System.Net;
using OceanClassic.Common.Expr;

namespace OceanClassic.MergeServer.Engine.Accounts;

// An account's host part against a client's address: '%' is any host, 'localhost' a client on the
// loopback (as MariaDB names a local client after resolving 127.0.0.1), otherwise a LIKE pattern (% and
// _) over the address, case-insensitive.
public static class HostPatterns
{
    public static bool Matches(string pattern, string clientAddress)
    {
        if (pattern == "%")
            return true;
        var local = IsLoopback(clientAddress);
        if (local && string.Equals(pattern, "localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return Like(pattern, clientAddress) || (local && Like(pattern, "localhost"));
    }

    // The name MariaDB gives the client in messages (1045, 1142): a loopback client is 'localhost'.
    public static string ClientHost(string clientAddress) => IsLoopback(clientAddress) ? "localhost" : clientAddress;

    // A client address without its port.
    public static string HostOf(string clientAddress)
    {
        var colon = clientAddress.LastIndexOf(':');
        return colon > 0 && !clientAddress.StartsWith('[') && clientAddress.IndexOf(':', StringComparison.Ordinal) == colon
            ? clientAddress[..colon]
            : clientAddress;
    }

    // Higher sorts first: a literal host, then a pattern, then '%'.
    public static int Specificity(string pattern) =>
        pattern == "%" ? 0 : pattern.AsSpan().IndexOfAny('%', '_') >= 0 ? 1 : 2;

    private static bool IsLoopback(string address) =>
        address == "localhost" || (IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip));

    private static bool Like(string pattern, string text) => LikeMatcher.IsMatch(text, pattern);
}
