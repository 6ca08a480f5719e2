using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Operators;

// GROUP BY g1 … gn WITH ROLLUP: the groups of every prefix g1 … gk (k = n down to 0), each super-aggregate
// row after the rows it sums up, its rolled-up group columns NULL — MySQL's order: (a1,b1), (a1,b2),
// (a1,NULL), (a2,b1), (a2,NULL), (NULL,NULL).
public sealed class RollupAggregator : IGroupAggregator
{
    private readonly int _groupCount;
    private readonly HashAggregator[] _levels;

    public RollupAggregator(int groupCount, IReadOnlyList<AggregateSpec> aggregates)
    {
        _groupCount = groupCount;
        _levels = new HashAggregator[groupCount + 1];
        for (var k = 0; k <= groupCount; k++)
            _levels[k] = new HashAggregator([.. Enumerable.Range(0, k)], aggregates);
    }

    public int GroupCount
    {
        get
        {
            var count = 0;
            foreach (var level in _levels)
                count += level.GroupCount;
            return count;
        }
    }

    public long HeldBytes
    {
        get
        {
            long bytes = 0;
            foreach (var level in _levels)
                bytes += level.HeldBytes;
            return bytes;
        }
    }

    public void Add(ObObj[] row)
    {
        foreach (var level in _levels)
            level.Add(row);
    }

    public List<ObObj[]> Results()
    {
        var all = new List<(ObObj[] Row, int Level)>();
        for (var k = 0; k <= _groupCount; k++)
        {
            foreach (var result in _levels[k].Results())
            {
                var row = new ObObj[result.Length + (_groupCount - k)];
                Array.Copy(result, 0, row, 0, k);
                Array.Copy(result, k, row, _groupCount, result.Length - k);
                all.Add((row, k));
            }
        }
        all.Sort((a, b) =>
        {
            for (var i = 0; i < _groupCount; i++)
            {
                var aRolled = i >= a.Level;
                var bRolled = i >= b.Level;
                if (aRolled || bRolled)
                    return aRolled == bRolled ? 0 : aRolled ? 1 : -1;
                var c = SqlValueComparer.Instance.Compare(a.Row[i], b.Row[i]);
                if (c != 0)
                    return c;
            }
            return 0;
        });
        return [.. all.Select(x => x.Row)];
    }
}
