using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.Tests;

// The RootServer's schema log in a temporary directory, for the schema tests (tables, indexes, ALTER):
// OpenAsync opens it as a starting RootServer does (RsStore.LoadAsync, then a SchemaService over that
// state), again after a "restart" from the same files; PlaceOn puts every new tablet on one ChunkServer.
internal sealed class SchemaStoreDir(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public async Task<(SchemaService Schema, RsStore Store)> OpenAsync(int checkpointInterval = 1000)
    {
        var store = new RsStore(Path, checkpointInterval, NullLogger.Instance);
        var state = await store.LoadAsync(CancellationToken.None);
        return (new SchemaService(state, store), store);
    }

    public static TabletInfo PlaceOn(RsState state, TabletInfo tablet)
    {
        var placed = tablet.Clone();
        placed.Replicas.Add("127.0.0.1:2600");
        return placed;
    }

    public void Dispose() => Directory.Delete(Path, true);
}
