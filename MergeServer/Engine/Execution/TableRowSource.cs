using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

public sealed class TableRowSource(TableScanSpec spec, ReadSnapshot snapshot) : IRowSource
{
    public TableScanSpec Spec { get; } = spec;

    public ReadSnapshot Snapshot { get; } = snapshot;

    public IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context) =>
        context.Engine.Scanner.ScanAsync(Spec, Snapshot, context.Ct);
}
