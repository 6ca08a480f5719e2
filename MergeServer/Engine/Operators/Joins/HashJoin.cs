using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Operators.Joins;

// Equi-join: the build side's rows go into a hash table by their key values (charged to the statement's
// join memory), then each probe row looks its key up; matches that pass the residual condition are
// joined. A key holding NULL matches nothing ('=' semantics). With keepUnmatchedProbe (outer joins, the
// probe side preserved) a probe row without a match comes out once with the build side's columns NULL.
public sealed class HashJoin(
    IRowSource probe,
    IRowSource build,
    IReadOnlyList<BoundExpr> probeKeys,
    IReadOnlyList<BoundExpr> buildKeys,
    RowPredicate residual,
    bool keepUnmatchedProbe,
    (int Start, int End) buildColumns) : IRowSource
{
    public IRowSource Probe { get; } = probe;

    public IRowSource Build { get; } = build;

    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        var table = new Dictionary<ObObj[], List<ObObj[]>>(JoinKeyComparer.Instance);
        await foreach (var row in Build.ReadAsync(context))
        {
            var key = KeyOf(buildKeys, row, context);
            if (JoinKeyComparer.HasNull(key))
                continue;
            context.JoinMemory.Charge(row);
            if (!table.TryGetValue(key, out var bucket))
                table[key] = bucket = [];
            bucket.Add(row);
        }
        if (table.Count == 0 && !keepUnmatchedProbe)
            yield break;
        await foreach (var row in Probe.ReadAsync(context))
        {
            var matched = false;
            var key = KeyOf(probeKeys, row, context);
            if (!JoinKeyComparer.HasNull(key) && table.TryGetValue(key, out var bucket))
            {
                foreach (var other in bucket)
                {
                    var joined = JoinRows.Merge(row, other, buildColumns.Start, buildColumns.End);
                    if (await residual.TestAsync(joined, context))
                    {
                        matched = true;
                        yield return joined;
                    }
                }
            }
            if (!matched && keepUnmatchedProbe)
                yield return row;
        }
    }

    public static ObObj[] KeyOf(IReadOnlyList<BoundExpr> keys, ObObj[] row, StatementContext context)
    {
        var key = new ObObj[keys.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = ExprEvaluator.Evaluate(keys[i], row, context.Eval);
        return key;
    }
}
