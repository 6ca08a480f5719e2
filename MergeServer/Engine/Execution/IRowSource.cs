using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// Where a SELECT's rows come from: a table's tablets, a system view, or the one empty row of a
// SELECT without FROM. Every source feeds the same operators.
public interface IRowSource
{
    IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context);
}
