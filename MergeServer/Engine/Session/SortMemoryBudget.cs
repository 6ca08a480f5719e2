using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Session;

// What one statement may hold of rows that must all be seen before the first goes out: the rows an ORDER
// BY sorts, the groups of a GROUP BY (or aggregate), the rows DISTINCT keeps; ms_sort_memory_limit bytes.
// Past it the statement fails with MySQL's errors for those holds, out of sort memory (1038) for a sort
// and "table is full" (1114) for a grouping or DISTINCT table, instead of growing the process. Plain
// scans stream and hold nothing here.
public sealed class SortMemoryBudget(long limit) : MemoryBudget(limit)
{
    // Each aggregate's running state in a group (counter, sum, its boxes), beyond the group's key.
    public const int AccumulatorBytes = 64;

    public void ChargeSorted(long bytes)
    {
        if (!TryCharge(bytes))
            throw new SqlError(ErrorCodes.OutOfSortMemory, "HY001",
                $"Out of sort memory, consider increasing server sort buffer size (ms_sort_memory_limit, {Limit} bytes)");
    }

    public void ChargeGrouped(long bytes)
    {
        if (!TryCharge(bytes))
            throw new SqlError(ErrorCodes.RecordFileFull, "HY000",
                $"The table '(temporary)' is full: the statement's groups, distinct rows or aggregate values need more than ms_sort_memory_limit ({Limit} bytes)");
    }
}
