using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// Rows produced at the MergeServer (system views): loaded when the statement runs.
public sealed class MemoryRowSource(Func<StatementContext, ValueTask<IReadOnlyList<ObObj[]>>> load) : IRowSource
{
    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        foreach (var row in await load(context))
            yield return row;
    }
}
