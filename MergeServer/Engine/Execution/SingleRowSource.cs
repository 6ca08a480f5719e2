using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

public sealed class SingleRowSource : IRowSource
{
    public static readonly SingleRowSource Instance = new();

    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        await Task.CompletedTask;
        yield return [];
    }
}
