using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.ObClient.Configuration;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.ObClient.Discovery;

// The client's discovery layer: finds live MergeServers through the RootServer (DESIGN §3: clients are
// configured with the RS addresses, not with MergeServers, which come and go), for every session
// layer above it (ObConnection, MySqlConnectorSessions). The list is rotated per call so that
// connections spread over the MergeServers.
public static class MergeServerDiscovery
{
    private static int _rotation;

    // The MergeServers to try in order: the RootServer's live ones when the settings name RootServers,
    // otherwise the settings' own Server list.
    public static async Task<IReadOnlyList<ObServerAddress>> MergeServersAsync(ObConnectionSettings settings, CancellationToken ct) =>
        settings.RootServers.Count > 0 ? await DiscoverAsync(settings, ct).ConfigureAwait(false) : settings.Servers;

    public static async Task<IReadOnlyList<ObServerAddress>> DiscoverAsync(ObConnectionSettings settings, CancellationToken ct)
    {
        var failures = new List<string>();
        var secret = settings.ClusterSecretFile is { } file ? System.Text.Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(file, ct).ConfigureAwait(false)).Trim()) : [];
        await using var pool = new RpcClientPool(new RpcOptions
        {
            ConnectTimeout = settings.ConnectTimeout,
            DefaultTimeout = settings.ConnectTimeout,
            ConnectionsPerPeer = 1,
            ClusterSecret = secret,
        });
        foreach (var rs in settings.RootServers)
        {
            try
            {
                var list = await pool.CallAsync(rs, PacketCodes.RsGetServers, new Empty(), ServerListResponse.Parser, null, ct).ConfigureAwait(false);
                var live = list.Servers
                    .Where(s => s.Role == ServerRole.MergeServer && s.Alive && !string.IsNullOrEmpty(s.SqlAddress))
                    .Select(s => Parse(s.SqlAddress))
                    .ToList();
                if (live.Count == 0)
                {
                    failures.Add($"{rs}: no live MergeServer registered");
                    continue;
                }
                var start = (int)((uint)Interlocked.Increment(ref _rotation) % (uint)live.Count);
                return [.. live.Skip(start), .. live.Take(start)];
            }
            catch (RpcException e)
            {
                failures.Add($"{rs}: {e.Message}");
            }
        }
        throw new ObException(ObException.CannotConnect, "08001", $"No MergeServer found through the RootServer ({string.Join("; ", failures)}).");
    }

    private static ObServerAddress Parse(string address)
    {
        var colon = address.LastIndexOf(':');
        return new ObServerAddress(address[..colon], int.Parse(address.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
