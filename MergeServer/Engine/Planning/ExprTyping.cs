using OceanClassic.Common.Expr;
using OceanClassic.Common.Expr.Functions;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Planning;

// The static MySQL type of a bound expression, as MariaDB 10.11 derives it: the result-set column
// definition a driver reads (type, length, decimals) and the column CREATE TABLE ... SELECT declares.
// Numbers (ExprTyping.Numbers): integer results are INT or BIGINT by their digits, DECIMAL results carry
// MariaDB's precision and scale, DOUBLE results their display decimals (31 = not fixed). Strings
// (ExprTyping.Strings): lengths in characters from the operands (CONCAT adds them up, LEFT(s, 3) is 3).
// IF / IFNULL / COALESCE / CASE / GREATEST / LEAST unify their branches (ExprTyping.Hybrid).
// Temporal functions follow TemporalTyping.
public static partial class ExprTyping
{
    public static ResultType Infer(BoundExpr expr, Func<int, ResultType> column)
    {
        StackGuard.Check();
        return InferAt(expr, column);
    }

    // A comparison or other truth value: INT(1), as MariaDB types it.
    private static readonly ResultType Truth = new(MySqlColumnType.Long, 1);

    private static ResultType InferAt(BoundExpr expr, Func<int, ResultType> column) => expr switch
    {
        BoundLiteral l => Literal(l.Value),
        BoundColumn c => column(c.Index),
        BoundUnary { Op: UnaryOp.Not } n => Truth with { NotNull = Infer(n.Operand, column).NotNull },
        BoundUnary { Op: UnaryOp.BitNot } => ResultType.BigInt with { Unsigned = true },
        BoundBinary { Op: >= BinaryOp.BitAnd } => ResultType.BigInt with { Unsigned = true },
        BoundUnary { Op: UnaryOp.Neg } u => Negated(u.Operand, Infer(u.Operand, column)),
        BoundUnary u => Infer(u.Operand, column) with { NotNull = false },
        BoundBinary b => Binary(b, column),
        BoundIsNull or BoundIsBool => Truth with { NotNull = true },
        BoundInList or BoundBetween or BoundLike => Truth,
        BoundCast c => Cast(c, Infer(c.Operand, column)),
        BoundCase c => CaseType(c, Once(column)),
        BoundFunction f => FunctionType(f, Once(column)),
        BoundCollate c => Infer(c.Operand, column),
        _ => ResultType.Text,
    };

    // Each child of a CASE or function is typed once even when two rules look at it (TemporalTyping's,
    // then the general one): typing it twice at every level made nested CASE / IF exponential.
    private static Func<BoundExpr, ResultType> Once(Func<int, ResultType> column)
    {
        var known = new Dictionary<BoundExpr, ResultType>(ReferenceEqualityComparer.Instance);
        return e =>
        {
            if (!known.TryGetValue(e, out var type))
                known[e] = type = Infer(e, column);
            return type;
        };
    }

    private static ResultType CaseType(BoundCase c, Func<BoundExpr, ResultType> infer)
    {
        if (TemporalTyping.Case(c, infer) is { } temporal)
            return temporal;
        var branches = c.Whens.Select(w => w.Then).ToList();
        if (c.Else is not null)
            branches.Add(c.Else);
        return Unified(branches, infer) with { NotNull = false };
    }

    private static ResultType FunctionType(BoundFunction f, Func<BoundExpr, ResultType> infer) =>
        TemporalTyping.Function(f, infer) ?? Hybrid(f, infer) ?? NumberFunction(f, infer) ?? StringFunction(f, infer) ?? Function(f, infer);

    public static ResultType OfAggregate(AggregateSpec spec, ResultType? argument) => spec.Kind switch
    {
        AggregateKind.CountStar or AggregateKind.Count => ResultType.BigInt with { NotNull = true },
        // SUM: 22 more digits than the argument (MariaDB's DECIMAL_LONGLONG_DIGITS); AVG: 4 more digits and
        // 4 more decimals (div_precision_increment).
        AggregateKind.Sum when argument is { IsExactNumber: true } => DecimalOf(Precision(argument) + 22, argument.Decimals, false),
        AggregateKind.Avg when argument is { IsExactNumber: true } => DecimalOf(Precision(argument) + 4, argument.Decimals + 4, false),
        AggregateKind.Sum => DoubleOf(argument is { Type: MySqlColumnType.Double or MySqlColumnType.Float } ? argument.Decimals : NotFixed),
        AggregateKind.Avg => DoubleOf(argument is { Type: MySqlColumnType.Double or MySqlColumnType.Float } ? Math.Min(argument.Decimals + 4, NotFixed) : NotFixed),
        AggregateKind.GroupConcat => ResultType.Text,
        AggregateKind.BitAnd or AggregateKind.BitOr or AggregateKind.BitXor => ResultType.BigInt with { Unsigned = true, NotNull = true },
        _ => (argument ?? ResultType.Text) with { NotNull = false },
    };

    private static ResultType Function(BoundFunction f, Func<BoundExpr, ResultType> infer) => f.Name switch
    {
        "NOW" or "CURRENT_TIMESTAMP" or "LOCALTIME" or "LOCALTIMESTAMP" or "SYSDATE" or "UTC_TIMESTAMP" => ResultType.DateTimeOf(Fsp(f)) with { NotNull = true },
        "CURDATE" or "CURRENT_DATE" or "UTC_DATE" => new ResultType(MySqlColumnType.Date, 10, NotNull: true),
        "CURTIME" or "CURRENT_TIME" or "UTC_TIME" => ResultType.TimeOf(Fsp(f)) with { NotNull = true },
        "TIME" or "SEC_TO_TIME" or "TIMEDIFF" or "MAKETIME" => ResultType.TimeOf(0),
        "DATE" or "LAST_DAY" or "FROM_DAYS" or "MAKEDATE" => new ResultType(MySqlColumnType.Date, 10),
        "FROM_UNIXTIME" when f.Args.Count == 1 => ResultType.DateTimeOf(infer(f.Args[0]) is { IsExactNumber: true } n ? Math.Min(6, (int)n.Decimals) : 6),
        "LAST_INSERT_ID" or SessionValueFunctions.LastInsertIdRead => ResultType.BigInt with { Unsigned = true },
        "__ENUM" or "__SET" or "__BIT" or "__YEAR" or "__JSON" or "__TIMESTAMP" => infer(f.Args[0]),
        _ => ResultType.Text,
    };

    // NOW(n)'s n when it is a literal 1..6 (0 otherwise).
    private static int Fsp(BoundFunction f) =>
        f.Args.Count > 0 && f.Args[0] is BoundLiteral { Value.IsNumeric: true } l ? (int)Math.Clamp(l.Value.ToInt64(), 0, 6) : 0;

    // A literal's value as a whole number, when it is one.
    private static long? LiteralInt(BoundExpr e) =>
        e is BoundLiteral { Value: { IsNull: false, Type: ObType.Int or ObType.UInt or ObType.Decimal } v } ? (long)Math.Truncate(Math.Clamp(v.ToDecimal(), long.MinValue, long.MaxValue)) : null;
}
