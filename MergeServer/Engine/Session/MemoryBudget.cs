using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Session;

// Bytes one statement may hold in memory for one purpose (joins, sorting and grouping), its rows charged
// at an estimate of their managed size. A charge past the limit is refused: the caller fails the
// statement with its MySQL error instead of growing the process.
public abstract class MemoryBudget(long limit)
{
    private const int RowOverhead = 48;
    private const int ValueSize = 24;

    private long _used;

    public long Limit => limit;

    public long Used => Interlocked.Read(ref _used);

    // The estimate a row is charged at: the array, its values, and each string's characters.
    public static long SizeOf(ObObj[] row)
    {
        long bytes = RowOverhead;
        foreach (var v in row)
            bytes += SizeOf(v);
        return bytes;
    }

    // One value: its slot, and a string's characters.
    public static long SizeOf(ObObj value) =>
        ValueSize + (value.Type == ObType.String ? 24 + (2L * value.String.Length) : 0);

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);

    // False when the charge took the budget past its limit (the charge stays: the statement fails).
    protected bool TryCharge(long bytes) => Interlocked.Add(ref _used, bytes) <= limit;
}
