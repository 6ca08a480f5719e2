using System.Globalization;

namespace OceanClassic.Common.Rpc;

// "host:port", "[v6]:port".
public static class RpcAddress
{
    public static (string Host, int Port) Parse(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1
            || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port > 65535)
        {
            throw new FormatException($"'{address}' is not a host:port address");
        }
        var host = address[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return (host, port);
    }
}
