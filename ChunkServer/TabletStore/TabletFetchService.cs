using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// CsFetchTablet: a chunk of one of this server's baseline SSTables, for a ChunkServer that became a
// new replica of the tablet. Only the exact tablet (table, range, version) is served; after a merge
// or split here the copier gets 6001 and tries again with the RootServer's newer view.
public sealed class TabletFetchService(TabletMap tablets, string tabletDir)
{
    public async ValueTask<TabletFetchResponse> ServeAsync(TabletFetchRequest request, CancellationToken ct)
    {
        var range = request.Range ?? KeyRanges.All;
        if (tablets.FindBaseline(request.TableId, range, request.Version) is not { SSTable: { } sstable } tablet)
            throw new RpcException(WireErrorCodes.TabletNotServedHere, $"no baseline of table {request.TableId} at version {request.Version} here");
        try
        {
            var (data, total) = await FileChunks.ReadAsync(Path.Combine(tabletDir, sstable), request.Offset, request.MaxBytes, ct).ConfigureAwait(false);
            return new TabletFetchResponse
            {
                Data = UnsafeByteOperations.UnsafeWrap(data),
                TotalBytes = total,
                RowCount = tablet.RowCount,
                Checksum = tablet.Checksum,
            };
        }
        catch (FileNotFoundException)
        {
            throw new RpcException(WireErrorCodes.TabletNotServedHere, $"the baseline of table {request.TableId} at version {request.Version} was just retired here");
        }
    }
}
