using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Operators;

// GROUP BY with aggregates. Input rows carry the group key values at `groupIndexes` and the aggregate
// arguments wherever the specs point. Output rows are [group key values..., aggregate results...], in
// group-key order (as MySQL 5.x returned them). Without GROUP BY there is exactly one output row, even
// for empty input.
public sealed class HashAggregator(IReadOnlyList<int> groupIndexes, IReadOnlyList<AggregateSpec> aggregates) : IGroupAggregator
{
    private readonly Dictionary<ObObj[], Accumulator[]> _groups = new(SqlRowEquality.Instance);

    public int GroupCount => _groups.Count;

    public long HeldBytes { get; private set; }

    public void Add(ObObj[] row)
    {
        var key = new ObObj[groupIndexes.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = row[groupIndexes[i]];
        if (!_groups.TryGetValue(key, out var accumulators))
        {
            accumulators = NewAccumulators();
            _groups.Add(key, accumulators);
        }
        foreach (var a in accumulators)
            HeldBytes += a.Add(row);
    }

    public List<ObObj[]> Results()
    {
        if (_groups.Count == 0 && groupIndexes.Count == 0)
            _groups.Add([], NewAccumulators());
        var keys = _groups.Keys.ToList();
        var allKeys = Enumerable.Range(0, groupIndexes.Count).Select(i => new SortKey(i, false)).ToArray();
        RowSorter.Sort(keys, allKeys);
        var result = new List<ObObj[]>(keys.Count);
        foreach (var key in keys)
        {
            var accumulators = _groups[key];
            var row = new ObObj[key.Length + accumulators.Length];
            key.CopyTo(row, 0);
            for (var i = 0; i < accumulators.Length; i++)
                row[key.Length + i] = accumulators[i].Result();
            result.Add(row);
        }
        return result;
    }

    private Accumulator[] NewAccumulators()
    {
        var a = new Accumulator[aggregates.Count];
        for (var i = 0; i < a.Length; i++)
            a[i] = new Accumulator(aggregates[i]);
        return a;
    }
}
