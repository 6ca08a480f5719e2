namespace OceanClassic.MergeServer.Engine.Binding;

public enum AggregateKind
{
    CountStar,
    Count,
    Sum,
    Avg,
    Min,
    Max,

    // ANY_VALUE, and a non-grouped column read after GROUP BY (MySQL 5.x returned some row's value).
    First,

    GroupConcat,

    // BIT_AND / BIT_OR / BIT_XOR: BIGINT UNSIGNED, never NULL (all ones / 0 / 0 over no rows).
    BitAnd,
    BitOr,
    BitXor,
}
