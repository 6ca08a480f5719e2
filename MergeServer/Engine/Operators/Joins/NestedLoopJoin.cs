using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Operators.Joins;

// Any join condition (non-equi, cross joins): the inner side is read once into memory (charged to the
// statement's join memory), then every outer row is paired with every inner row and the condition
// decides. With keepUnmatchedOuter (outer joins) an outer row without a match comes out once with the
// inner side's columns NULL.
public sealed class NestedLoopJoin(
    IRowSource outer,
    IRowSource inner,
    RowPredicate condition,
    bool keepUnmatchedOuter,
    (int Start, int End) innerColumns) : IRowSource
{
    public IRowSource Outer { get; } = outer;

    public IRowSource Inner { get; } = inner;

    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        var innerRows = new List<ObObj[]>();
        await foreach (var row in Inner.ReadAsync(context))
        {
            context.JoinMemory.Charge(row);
            innerRows.Add(row);
        }
        if (innerRows.Count == 0 && !keepUnmatchedOuter)
            yield break;
        await foreach (var row in Outer.ReadAsync(context))
        {
            var matched = false;
            foreach (var other in innerRows)
            {
                var joined = JoinRows.Merge(row, other, innerColumns.Start, innerColumns.End);
                if (await condition.TestAsync(joined, context))
                {
                    matched = true;
                    yield return joined;
                }
            }
            if (!matched && keepUnmatchedOuter)
                yield return row;
        }
    }
}
