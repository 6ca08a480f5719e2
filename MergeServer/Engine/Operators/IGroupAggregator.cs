using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Operators;

// Aggregation over rows [group values..., aggregate arguments...]: plain GROUP BY or WITH ROLLUP.
public interface IGroupAggregator
{
    void Add(ObObj[] row);

    List<ObObj[]> Results();
}
