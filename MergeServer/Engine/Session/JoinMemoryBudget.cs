using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Session;

// What one statement's in-memory join state (hash tables, materialised inner sides, set-operation and
// subquery results) may hold, ms_join_memory_limit bytes. Past the limit the statement fails with MySQL's
// "table is full" (1114), the error MariaDB gives when an in-memory temporary table outgrows its limit,
// instead of growing the process.
public sealed class JoinMemoryBudget(long limit) : MemoryBudget(limit)
{
    public void Charge(ObObj[] row)
    {
        if (!TryCharge(SizeOf(row)))
            throw new SqlError(ErrorCodes.RecordFileFull, "HY000",
                $"The table '(join buffer)' is full: the statement's joins need more than ms_join_memory_limit ({Limit} bytes)");
    }
}
