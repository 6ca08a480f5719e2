using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Transactions;

// What a transaction's scan sees: the committed increments with its own pending rows folded
// over them, merged in key order (a row only the transaction wrote appears too).
public static class OwnWrites
{
    public static IEnumerable<(byte[] RowKey, NetIncrement Net)> Overlay(
        IEnumerable<(MemTableRow Row, NetIncrement Net)> committed, List<(byte[] RowKey, PendingRow Row)> own, ulong readVersion)
    {
        var next = 0;
        foreach (var (row, net) in committed)
        {
            for (; next < own.Count; next++)
            {
                var c = own[next].RowKey.AsSpan().SequenceCompareTo(row.RowKey);
                if (c > 0)
                    break;
                if (c == 0)
                {
                    yield return (row.RowKey, own[next].Row.Over(net, readVersion));
                    next++;
                    goto NextCommitted;
                }
                yield return (own[next].RowKey, own[next].Row.Over(null, readVersion));
            }
            yield return (row.RowKey, net);
        NextCommitted:;
        }
        for (; next < own.Count; next++)
            yield return (own[next].RowKey, own[next].Row.Over(null, readVersion));
    }
}
