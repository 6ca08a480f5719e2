using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Operators;

// Aggregation over rows [group values..., aggregate arguments...]: plain GROUP BY or WITH ROLLUP.
public interface IGroupAggregator
{
    // Groups (of every level, for WITH ROLLUP) opened so far.
    int GroupCount { get; }

    // Bytes the groups' aggregates hold beyond their running totals: the values COUNT/SUM(DISTINCT …)
    // remember and the items GROUP_CONCAT keeps.
    long HeldBytes { get; }

    // Does not keep `row` (nor its array): the caller fills the same array for the next row.
    void Add(ObObj[] row);

    List<ObObj[]> Results();
}
