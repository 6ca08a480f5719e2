using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// DATETIME(n) / TIMESTAMP(n): DEFAULT CURRENT_TIMESTAMP[(n)] (the statement's time,
// recorded as MariaDB shows it: current_timestamp() or current_timestamp(n)) and ON UPDATE CURRENT_TIMESTAMP
// (set whenever an UPDATE changes the row and does not assign the column). Either on another type is 1067 / 1294.
public static class TemporalDefaults
{
    private static readonly string[] NowNames = ["CURRENT_TIMESTAMP", "NOW", "LOCALTIMESTAMP", "LOCALTIME"];

    public static ColumnSchema Apply(ColumnSchema column, ColumnDefinition def)
    {
        if (def.OnUpdateCurrentTimestamp)
        {
            if (!column.IsTemporal)
                SqlError.Throw(ErrorCodes.InvalidOnUpdate, $"Invalid ON UPDATE clause for '{def.Name}' column");
            column = column with { OnUpdateCurrentTimestamp = true };
        }
        return WithDefaultFunction(column, def);
    }

    // DEFAULT CURRENT_TIMESTAMP[(n)] recorded on the column (unchanged for any other default).
    public static ColumnSchema WithDefaultFunction(ColumnSchema column, ColumnDefinition def)
    {
        if (def.Default is FunctionCall call && NowNames.Contains(call.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (!column.IsTemporal)
                SqlError.Throw(ErrorCodes.InvalidDefault, $"Invalid default value for '{def.Name}'");
            var digits = call.Args.Count > 0 && call.Args[0] is Literal l && int.TryParse(l.ToSql(), out var n) ? n : 0;
            column = column with { DefaultFunction = digits == 0 ? "current_timestamp()" : $"current_timestamp({digits})" };
        }
        return column;
    }

    // The statement time a DEFAULT / ON UPDATE CURRENT_TIMESTAMP column takes, cut to the column's digits.
    public static ObObj Now(ColumnSchema column, Common.Expr.EvalContext eval) =>
        Common.Expr.ExprTemporal.Now(eval, Math.Min(6, column.FractionalDigits));

    // The statement time as the column stores it: a TIMESTAMP's in UTC, a DATETIME's as local time.
    public static ObObj StoredNow(ColumnSchema column, Session.StatementContext context)
    {
        var local = Now(column, context.Eval);
        var offset = context.ZoneOffsetFor(column);
        return offset == TimeSpan.Zero ? local : ObObj.FromDateTimeMicros(local.Micros - (offset.Ticks / 10), local.DateTimeFsp);
    }
}
