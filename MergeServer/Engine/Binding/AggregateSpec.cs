namespace OceanClassic.MergeServer.Engine.Binding;

// One aggregate call: its function and the position of its argument in the aggregation input row.
// GROUP_CONCAT also has its ORDER BY keys (positions in the input row), separator and length limit.
public sealed record AggregateSpec(AggregateKind Kind, int ArgumentIndex, bool Distinct)
{
    public IReadOnlyList<SortKey> ConcatOrder { get; init; } = [];

    public string Separator { get; init; } = ",";

    public long MaxLength { get; init; } = long.MaxValue;

    // COUNT(DISTINCT a, b, ...): how many consecutive inputs from ArgumentIndex make the counted tuple.
    public int ArgumentCount { get; init; } = 1;

    public static AggregateSpec CountStar { get; } = new(AggregateKind.CountStar, -1, false);
}
