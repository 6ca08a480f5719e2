using OceanClassic.Common.Expr;
using OceanClassic.Common.Expr.Functions;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine.Planning;

// The static MySQL type of a bound expression, for result-set column definitions.
public static class ExprTyping
{
    public static ResultType Infer(BoundExpr expr, Func<int, ResultType> column)
    {
        StackGuard.Check();
        return InferAt(expr, column);
    }

    private static ResultType InferAt(BoundExpr expr, Func<int, ResultType> column) => expr switch
    {
        BoundLiteral l => ResultType.OfValue(l.Value),
        BoundColumn c => column(c.Index),
        BoundUnary { Op: UnaryOp.Not } => ResultType.Boolean,
        BoundUnary { Op: UnaryOp.BitNot } => ResultType.BigInt with { Unsigned = true },
        BoundBinary { Op: >= BinaryOp.BitAnd } => ResultType.BigInt with { Unsigned = true },
        BoundUnary u => Infer(u.Operand, column) with { NotNull = false },
        BoundBinary b => Binary(b, column),
        BoundIsNull or BoundIsBool or BoundInList or BoundBetween or BoundLike => ResultType.Boolean,
        BoundCast c => c.Target switch
        {
            ObType.Int => ResultType.BigInt,
            ObType.UInt => ResultType.BigInt with { Unsigned = true },
            ObType.Decimal => ResultType.Decimal(Math.Max(0, c.Scale)),
            ObType.Double => ResultType.DoubleType,
            ObType.DateTime => ResultType.DateTimeOf(Math.Max(0, c.Scale)),
            ObType.Date => new ResultType(MySqlColumnType.Date, 10),
            ObType.Time => ResultType.TimeOf(Math.Max(0, c.Scale)),
            ObType.Binary => ResultType.BinaryText,
            _ => ResultType.Text,
        },
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

    private static ResultType CaseType(BoundCase c, Func<BoundExpr, ResultType> infer) =>
        TemporalTyping.Case(c, infer) ?? (c.Whens.Count > 0 ? infer(c.Whens[0].Then) with { NotNull = false } : ResultType.Text);

    private static ResultType FunctionType(BoundFunction f, Func<BoundExpr, ResultType> infer) =>
        TemporalTyping.Function(f, infer) ?? Function(f, infer);

    public static ResultType OfAggregate(AggregateSpec spec, ResultType? argument) => spec.Kind switch
    {
        AggregateKind.CountStar or AggregateKind.Count => ResultType.BigInt with { NotNull = true },
        AggregateKind.Sum when argument is { IsExactNumber: true } => ResultType.Decimal(argument.Decimals),
        AggregateKind.Avg when argument is { IsExactNumber: true } => ResultType.Decimal(argument.Decimals + 4),
        AggregateKind.Sum or AggregateKind.Avg => ResultType.DoubleType,
        AggregateKind.GroupConcat => ResultType.Text,
        AggregateKind.BitAnd or AggregateKind.BitOr or AggregateKind.BitXor => ResultType.BigInt with { Unsigned = true, NotNull = true },
        _ => (argument ?? ResultType.Text) with { NotNull = false },
    };

    private static bool IsArithmetic(BinaryOp op) =>
        op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div or BinaryOp.IntDiv or BinaryOp.Mod;

    // An arithmetic chain (a + b * c - d ...) is typed in a loop over its left spine, bottom first.
    private static ResultType Binary(BoundBinary top, Func<int, ResultType> column)
    {
        if (!IsArithmetic(top.Op))
            return ResultType.Boolean;
        var spine = new List<BoundBinary> { top };
        while (spine[^1].Left is BoundBinary { Op: var op } next && IsArithmetic(op))
            spine.Add(next);
        var type = Infer(spine[^1].Left, column);
        for (var i = spine.Count - 1; i >= 0; i--)
            type = Arithmetic(spine[i].Op, type, Infer(spine[i].Right, column));
        return type;
    }

    private static ResultType Arithmetic(BinaryOp op, ResultType l, ResultType r)
    {
        if (op == BinaryOp.IntDiv)
            return ResultType.BigInt;
        if (!l.IsExactNumber || !r.IsExactNumber)
            return ResultType.DoubleType;
        if (op == BinaryOp.Div)
            return ResultType.Decimal(l.Decimals + 4);
        if (l.IsInteger && r.IsInteger)
            return ResultType.BigInt with { Unsigned = l.Unsigned || r.Unsigned };
        return ResultType.Decimal(op == BinaryOp.Mul ? l.Decimals + r.Decimals : Math.Max(l.Decimals, r.Decimals));
    }

    // NOW(n)'s n when it is a literal 1..6 (0 otherwise).
    private static int Fsp(BoundFunction f) =>
        f.Args.Count > 0 && f.Args[0] is BoundLiteral { Value.IsNumeric: true } l ? (int)Math.Clamp(l.Value.ToInt64(), 0, 6) : 0;

    private static ResultType Function(BoundFunction f, Func<BoundExpr, ResultType> infer) => f.Name switch
    {
        "NOW" or "CURRENT_TIMESTAMP" or "LOCALTIME" or "LOCALTIMESTAMP" or "SYSDATE" or "UTC_TIMESTAMP" => ResultType.DateTimeOf(Fsp(f)),
        "CURDATE" or "CURRENT_DATE" or "UTC_DATE" => new ResultType(MySqlColumnType.Date, 10),
        "TIME" or "SEC_TO_TIME" or "TIMEDIFF" or "MAKETIME" or "CURTIME" or "CURRENT_TIME" => ResultType.TimeOf(0),
        "UTC_TIME" => ResultType.TimeOf(Fsp(f)),
        "TIME_TO_SEC" or "JSON_VALID" or "JSON_LENGTH" or "JSON_DEPTH" or "JSON_CONTAINS" or "JSON_CONTAINS_PATH" => ResultType.BigInt,
        "LENGTH" or "OCTET_LENGTH" or "CHAR_LENGTH" or "CHARACTER_LENGTH" => ResultType.BigInt,
        "LAST_INSERT_ID" or SessionValueFunctions.LastInsertIdRead => ResultType.BigInt with { Unsigned = true },
        "ABS" or "ROUND" or "TRUNCATE" or "FLOOR" or "CEIL" or "CEILING" or "MOD" or "GREATEST" or "LEAST"
            or "IFNULL" or "COALESCE" or "NULLIF" => f.Args.Count > 0 ? infer(f.Args[0]) with { NotNull = false } : ResultType.Text,
        "IF" => infer(f.Args[1]) with { NotNull = false },
        "__ENUM" or "__SET" or "__BIT" or "__YEAR" or "__JSON" => infer(f.Args[0]),
        _ => ResultType.Text,
    };
}
