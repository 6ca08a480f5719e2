using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Operators;

// GROUP BY with aggregates. Input rows carry the group key values at `groupIndexes` and the aggregate
// arguments wherever the specs point. Output rows are [group key values..., aggregate results...], in
// group-key order (as MySQL 5.x returned them). Without GROUP BY there is exactly one output row, even
// for empty input. Add does not keep the row it is given (the caller may reuse it).
public sealed class HashAggregator(IReadOnlyList<int> groupIndexes, IReadOnlyList<AggregateSpec> aggregates) : IGroupAggregator
{
    private readonly Dictionary<ObObj[], Accumulator[]> _groups = new(SqlRowEquality.Instance);

    // The key of the row being added; copied only when it opens a group.
    private readonly ObObj[] _probe = new ObObj[groupIndexes.Count];

    // Without GROUP BY: the one group, found without hashing (null until the first row).
    private Accumulator[]? _whole;

    public int GroupCount => _groups.Count;

    public long HeldBytes { get; private set; }

    public void Add(ObObj[] row)
    {
        var accumulators = groupIndexes.Count == 0 ? _whole : null;
        if (accumulators is null)
        {
            for (var i = 0; i < _probe.Length; i++)
                _probe[i] = row[groupIndexes[i]];
            if (!_groups.TryGetValue(_probe, out accumulators))
            {
                accumulators = NewAccumulators();
                _groups.Add([.. _probe], accumulators);
            }
            if (groupIndexes.Count == 0)
                _whole = accumulators;
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
