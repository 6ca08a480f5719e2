namespace OceanClassic.MergeServer.Engine.Operators;

public enum AggregateKind
{
    CountStar,
    Count,
    Sum,
    Avg,
    Min,
    Max,
}
