namespace OceanClassic.MergeServer.Engine.Operators;

// One aggregate call: its function and the position of its argument in the aggregation input row.
public sealed record AggregateSpec(AggregateKind Kind, int ArgumentIndex, bool Distinct)
{
    public static AggregateSpec CountStar { get; } = new(AggregateKind.CountStar, -1, false);
}
