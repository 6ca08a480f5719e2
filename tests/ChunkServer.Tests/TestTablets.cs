using System.Runtime.CompilerServices;
using Google.Protobuf;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Tests;

// A baseline held in memory (rows keyed by encoded rowkey, cells by column id), standing in for
// the SSTables a later issue adds.
internal sealed class InMemoryBaseline(SortedDictionary<byte[], Dictionary<int, ObObj>> rows) : ITabletBaseline
{
    public async IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, [EnumeratorCancellation] CancellationToken ct, IReadOnlyList<ObObj>? absent = null)
    {
        foreach (var (key, cells) in rows)
        {
            if (!KeyRanges.Contains(range, key))
                continue;
            yield return new TabletRow(key, [.. columnIds.Select((id, i) => cells.TryGetValue(id, out var v) ? v : absent?[i] ?? ObObj.Null)]);
        }
        await Task.CompletedTask;
    }
}

// Serves ScanIncrement pages from a sorted list the way the UpdateServer does: rows in range (then in each
// of more_ranges), at most max_rows per page, has_more when rows remain, the version it used echoed back,
// each row with only its cells of column_ids when the request names some.
internal sealed class ListIncrementSource(IReadOnlyList<IncrementRow> rows, ulong latestVersion = 42) : IIncrementSource
{
    public List<ScanIncrementRequest> Requests { get; } = [];

    public Task<ScanIncrementResponse> ScanAsync(ScanIncrementRequest request, CancellationToken ct)
    {
        Requests.Add(request.Clone());
        var inRange = request.MoreRanges.Prepend(request.Range).SelectMany(range => rows.Where(r => KeyRanges.Contains(range, r.RowKey))).ToList();
        var page = request.MaxRows > 0 ? inRange.Take((int)request.MaxRows).ToList() : inRange;
        if (request.ColumnIds.Count > 0)
            page = [.. page.Select(r => r with { Cells = [.. r.Cells.Where(c => request.ColumnIds.Contains(c.ColumnId))] })];
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        IncrementRowCodec.Write(writer, page);
        return Task.FromResult(new ScanIncrementResponse
        {
            ReadVersion = request.ReadVersion == 0 ? latestVersion : request.ReadVersion,
            Rows = ByteString.CopyFrom(writer.WrittenSpan),
            HasMore = page.Count < inRange.Count,
        });
    }
}

internal static class TestKeys
{
    public static byte[] Key(long id) => RowKeyCodec.Encode(ObObj.FromInt(id));

    public static KeyRange Range(long? start, long? end) => new()
    {
        StartIsMin = start is null,
        Start = start is null ? ByteString.Empty : ByteString.CopyFrom(Key(start.Value)),
        StartInclusive = true,
        EndIsMax = end is null,
        End = end is null ? ByteString.Empty : ByteString.CopyFrom(Key(end.Value)),
        EndInclusive = false,
    };

    public static TabletInfo Tablet(ulong tableId, long? start, long? end, ulong version = 1) =>
        new() { TableId = tableId, Range = Range(start, end), Version = version };
}
