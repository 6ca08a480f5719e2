using OceanClassic.Common.Expr;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Planning;

// Result types of functions over temporal values, with MariaDB's fraction digits (decimals), which also decide
// how many digits a DATETIME/TIME result shows (ResultText):
// - DATE_ADD / DATE_SUB / ADDDATE / SUBDATE (and `d ± INTERVAL`): a DATETIME(n) argument stays DATETIME with
//   the larger of n and the interval's digits (MICROSECOND units 6, SECOND its literal's decimals); a DATE
//   moved by days or more stays a DATE, by less becomes a DATETIME; a TIME stays a TIME; text stays text.
// - ADDTIME / SUBTIME / TIMEDIFF / TIMESTAMP(x[, t]): the larger digits of both arguments.
// - IF / IFNULL / COALESCE / GREATEST / LEAST / CASE over DATETIMEs: a DATETIME with the largest digits.
// Null when the call is none of these over temporal arguments (ExprTyping's own rules apply).
public static class TemporalTyping
{
    public static ResultType? Function(BoundFunction f, Func<BoundExpr, ResultType> infer) => f.Name switch
    {
        "DATE_ADD" or "DATE_SUB" or "ADDDATE" or "SUBDATE" when f.Args.Count >= 2 => Shifted(f, infer),
        "ADDTIME" or "SUBTIME" when f.Args.Count == 2 => Kind(infer(f.Args[0])) switch
        {
            MySqlColumnType.DateTime => ResultType.DateTimeOf(Math.Max(Digits(f.Args[0], infer), Digits(f.Args[1], infer))),
            MySqlColumnType.Time => ResultType.TimeOf(Math.Max(Digits(f.Args[0], infer), Digits(f.Args[1], infer))),
            _ => null,
        },
        "TIMEDIFF" when f.Args.Count == 2 => ResultType.TimeOf(Math.Max(Digits(f.Args[0], infer), Digits(f.Args[1], infer))),
        "TIMESTAMP" => ResultType.DateTimeOf(f.Args.Max(a => Digits(a, infer))),
        "IF" when f.Args.Count == 3 => Widest([f.Args[1], f.Args[2]], infer),
        "IFNULL" or "COALESCE" or "GREATEST" or "LEAST" => Widest(f.Args, infer),
        _ => null,
    };

    public static ResultType? Case(BoundCase c, Func<BoundExpr, ResultType> infer) =>
        Widest([.. c.Whens.Select(w => w.Then), .. c.Else is null ? [] : new[] { c.Else }], infer);

    // All branches DATETIME (or NULL): a DATETIME with the most digits.
    private static ResultType? Widest(IReadOnlyList<BoundExpr> branches, Func<BoundExpr, ResultType> infer)
    {
        var types = branches.Where(b => b is not BoundLiteral { Value.IsNull: true }).Select(infer).ToList();
        if (types.Count == 0 || !types.All(t => Kind(t) == MySqlColumnType.DateTime))
            return null;
        var widest = types.Max(t => t.Decimals);
        return types.All(t => t.Type == MySqlColumnType.Timestamp) ? ResultType.DateTimeOf(widest) with { Type = MySqlColumnType.Timestamp }
            : ResultType.DateTimeOf(widest);
    }

    private static ResultType? Shifted(BoundFunction f, Func<BoundExpr, ResultType> infer)
    {
        var unit = f.Args.Count > 2 && f.Args[2] is BoundLiteral { Value.Type: ObType.String } u ? u.Value.String.ToUpperInvariant() : "DAY";
        var interval = unit.EndsWith("MICROSECOND", StringComparison.Ordinal) ? 6
            : unit == "SECOND" && f.Args[1] is BoundLiteral { Value.Type: ObType.Decimal } s ? Math.Min(6, (int)s.Value.Decimal.Scale)
            : 0;
        var dateUnit = unit is "DAY" or "WEEK" or "MONTH" or "QUARTER" or "YEAR" or "YEAR_MONTH";
        var first = infer(f.Args[0]);
        return Kind(first) switch
        {
            MySqlColumnType.DateTime => ResultType.DateTimeOf(Math.Max(first.Decimals, interval)),
            MySqlColumnType.Date => dateUnit ? new ResultType(MySqlColumnType.Date, 10) : ResultType.DateTimeOf(interval),
            MySqlColumnType.Time => ResultType.TimeOf(Math.Max(first.Decimals, interval)),
            _ => null,
        };
    }

    private static MySqlColumnType? Kind(ResultType t) => t.Type switch
    {
        MySqlColumnType.DateTime or MySqlColumnType.Timestamp => MySqlColumnType.DateTime,
        MySqlColumnType.Date => MySqlColumnType.Date,
        MySqlColumnType.Time => MySqlColumnType.Time,
        _ => null,
    };

    // A temporal argument's digits: its type's, or a text literal's digits after the point.
    private static int Digits(BoundExpr e, Func<BoundExpr, ResultType> infer)
    {
        if (e is BoundLiteral { Value.Type: ObType.String } l)
        {
            var dot = l.Value.String.LastIndexOf('.');
            return dot < 0 ? 0 : Math.Min(6, l.Value.String[(dot + 1)..].TakeWhile(char.IsAsciiDigit).Count());
        }
        var t = infer(e);
        return Kind(t) is null ? 0 : t.Decimals;
    }
}
