using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Tests.Engine;

// The cluster as an UpdateServer holding every committed row as a Replace increment over empty
// baselines (the benchmarks' `ups` placement): ServeRowsAsIncrements makes every read go MergeServer ->
// UPS, answered from the rows stored here (only the cells of the request's column_ids, as the UPS sends them). OwnAllocatedBytes counts what answering allocated on the
// calling thread, so a measurement of the engine can leave it out.
public sealed partial class InMemoryCluster
{
    public long OwnAllocatedBytes { get; private set; }

    public void ServeRowsAsIncrements()
    {
        TabletVersion = 1;
        Increments = AnswerFromRows;
    }

    private ScanIncrementResponse AnswerFromRows(ScanIncrementRequest request)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        lock (_lock)
        {
            var ranges = new List<ScanRange> { ScanRange.FromProto(request.Range) };
            ranges.AddRange(request.MoreRanges.Select(ScanRange.FromProto));
            var rows = new List<IncrementRow>();
            var more = false;
            foreach (var (key, (_, cells)) in _rows[request.TableId])
            {
                if (!InAny(ranges, key))
                    continue;
                if (request.MaxRows > 0 && rows.Count == request.MaxRows)
                {
                    more = true;
                    break;
                }
                var sent = request.ColumnIds.Count == 0 ? cells : cells.Where(c => request.ColumnIds.Contains(c.Key));
                rows.Add(new IncrementRow(key, IncrementState.Replace, [.. sent.Select(c => new IncrementCell(c.Key, c.Value))]));
            }
            var writer = new ArrayBufferWriter<byte>();
            IncrementRowCodec.Write(writer, rows);
            var response = new ScanIncrementResponse { ReadVersion = _version, Rows = ByteString.CopyFrom(writer.WrittenSpan), HasMore = more };
            OwnAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            return response;
        }
    }

    private static bool InAny(List<ScanRange> ranges, byte[] key)
    {
        foreach (var range in ranges)
        {
            if (InRange(range, key))
                return true;
        }
        return false;
    }
}
