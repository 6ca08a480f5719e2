using OceanClassic.Common.Protos;

namespace OceanClassic.Cluster.Tests.Support;

// The RootServer pair seen from outside: roles from each RS's status, and the table ids of the
// schema the primary serves, checked against every id seen before (an id never names two tables).
public sealed class RsPairWatch(TestCluster cluster)
{
    private readonly Dictionary<ulong, string> _idNames = [];
    private readonly Dictionary<string, ulong> _nameIds = [];

    public Task WaitForRoleAsync(RoleProcess rs, string role, TimeSpan? timeout = null) =>
        TestCluster.WaitUntilAsync(async () => await cluster.StatusValueAsync(rs, "rs_role") == role, timeout ?? TimeSpan.FromSeconds(60),
            $"{rs.Address} to be the {role} RootServer");

    // One primary, the other its backup and in sync (so either may serve after the next fault).
    public async Task<(RoleProcess Primary, RoleProcess Backup)> WaitSettledAsync(TimeSpan timeout)
    {
        var rs = new[] { cluster.Get("rs", 1), cluster.Get("rs", 2) };
        (RoleProcess, RoleProcess)? settled = null;
        await TestCluster.WaitUntilAsync(async () =>
        {
            foreach (var (primary, backup) in new[] { (rs[0], rs[1]), (rs[1], rs[0]) })
            {
                if (await cluster.StatusValueAsync(primary, "rs_role") == "primary" && await cluster.StatusValueAsync(backup, "rs_role") == "backup"
                    && await cluster.StatusValueAsync(primary, "rs_peer_in_sync") == "true")
                {
                    settled = (primary, backup);
                    return true;
                }
            }
            return false;
        }, timeout, "one primary RootServer with its backup in sync");
        return settled!.Value;
    }

    // The schema's tables by id; fails if an id now names another table than before, or a table another id.
    public async Task<IReadOnlyDictionary<string, ulong>> CheckTableIdsAsync(string database)
    {
        var schema = await cluster.RootServers.CallAsync(PacketCodes.RsGetSchema, new Empty(), SchemaResponse.Parser, CancellationToken.None);
        var ids = new Dictionary<string, ulong>();
        foreach (var t in schema.Tables.Where(t => t.Database == database))
        {
            Assert.IsFalse(_idNames.TryGetValue(t.TableId, out var before) && before != t.Name, $"table id {t.TableId} named {before}, now {t.Name}");
            Assert.IsFalse(_nameIds.TryGetValue(t.Name, out var id) && id != t.TableId, $"table {t.Name} had id {id}, now {t.TableId}");
            _idNames[t.TableId] = t.Name;
            _nameIds[t.Name] = t.TableId;
            ids[t.Name] = t.TableId;
        }
        Assert.AreEqual(ids.Count, ids.Values.Distinct().Count(), "two tables share an id");
        return ids;
    }
}
