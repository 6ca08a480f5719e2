using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Session;

// What one statement's in-memory join state (hash tables, materialised inner sides, set-operation and
// subquery results, derived tables, the rows of INSERT … SELECT and multi-table DML, the rows a locking
// read holds) may hold, ms_join_memory_limit bytes. Past the limit the statement fails with MySQL's
// "table is full" (1114), the error MariaDB gives when an in-memory temporary table outgrows its limit,
// instead of growing the process.
public sealed class JoinMemoryBudget(long limit) : MemoryBudget(limit)
{
    public void Charge(ObObj[] row) => Charge(SizeOf(row));

    public void Charge(long bytes)
    {
        if (!TryCharge(bytes))
            throw new SqlError(ErrorCodes.RecordFileFull, "HY000",
                $"The table '(join buffer)' is full: the rows the statement holds for joins, subqueries, set operations or its writes need more than ms_join_memory_limit ({Limit} bytes)");
    }
}
