using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Operators;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution.Select;

// The groups an aggregate builds, charged to the statement's sort memory as they appear (1114 past
// ms_sort_memory_limit): each new group at the size of the row that opened it plus its accumulators,
// and whatever its aggregates keep (the values a COUNT/SUM(DISTINCT …) remembers, GROUP_CONCAT's items).
// An aggregate over any number of rows into few groups without such state holds little.
internal sealed class GroupCharge(SelectPlan plan, IGroupAggregator aggregator, StatementContext context)
{
    private int _groups;
    private long _held;
    private long _charged;

    // After each input row: charges the groups it opened and what their aggregates kept of it.
    public void After(ObObj[] input)
    {
        var groups = aggregator.GroupCount;
        var held = aggregator.HeldBytes;
        if (groups == _groups && held == _held)
            return;
        var bytes = ((groups - _groups) * (MemoryBudget.SizeOf(input) + (SortMemoryBudget.AccumulatorBytes * plan.Aggregates.Count)))
            + (held - _held);
        _groups = groups;
        _held = held;
        _charged += bytes;
        context.SortMemory.ChargeGrouped(bytes);
    }

    // The aggregate's results have been taken: its groups no longer count.
    public void Release()
    {
        context.SortMemory.Release(_charged);
        _charged = 0;
    }
}
