using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// Rows of a source that pass a condition (WHERE conjuncts over an outer join's null-extended side).
public sealed class FilteredRowSource(IRowSource source, RowPredicate filter) : IRowSource
{
    public IRowSource Source { get; } = source;

    public RowPredicate Filter { get; } = filter;

    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        await foreach (var row in Source.ReadAsync(context))
        {
            if (await Filter.TestAsync(row, context))
                yield return row;
        }
    }
}
