using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Execution;

// What one statement's in-memory join state (hash tables, materialised inner sides, set-operation and
// subquery results) may hold, ms_join_memory_limit bytes. Rows are charged at an estimate of their
// managed size; past the limit the statement fails with MySQL's "table is full" (1114), the error MariaDB
// gives when an in-memory temporary table outgrows its limit, instead of growing the process.
public sealed class JoinMemoryBudget(long limit)
{
    private const int RowOverhead = 48;
    private const int ValueSize = 24;

    private long _used;

    public long Used => Interlocked.Read(ref _used);

    public void Charge(ObObj[] row)
    {
        long bytes = RowOverhead + (row.Length * ValueSize);
        foreach (var v in row)
        {
            if (v.Type == ObType.String)
                bytes += 24 + (2L * v.String.Length);
        }
        if (Interlocked.Add(ref _used, bytes) > limit)
            throw new SqlError(ErrorCodes.RecordFileFull, "HY000",
                $"The table '(join buffer)' is full: the statement's joins need more than ms_join_memory_limit ({limit} bytes)");
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
