using System.Globalization;
using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// SHOW WARNINGS [LIMIT [offset,] n], SHOW ERRORS (the errors only) and SHOW COUNT(*) WARNINGS | ERRORS:
// the session's diagnostics area (SqlSession.Diagnostics), which these statements leave as it is.
public static partial class ShowExecutor
{
    private static async ValueTask ShowDiagnosticsAsync(ShowStatement s, StatementContext context, IResultSink sink)
    {
        var diagnostics = context.Session.Diagnostics;
        switch (s.Kind)
        {
            case ShowKind.WarningCount:
                await TextResult.WriteAsync(sink, ["@@session.warning_count"], [[Text(diagnostics.Count)]]);
                return;
            case ShowKind.ErrorCount:
                await TextResult.WriteAsync(sink, ["@@session.error_count"], [[Text(diagnostics.ErrorCount)]]);
                return;
        }
        IEnumerable<SqlCondition> conditions = diagnostics.Items;
        if (s.Kind == ShowKind.Errors)
            conditions = conditions.Where(c => c.Level == ConditionLevel.Error);
        if (s.Limit is { } limit)
        {
            if (limit.Offset is not null)
                conditions = conditions.Skip((int)Math.Min(context.LimitValue(limit.Offset, "LIMIT") ?? 0, int.MaxValue));
            conditions = conditions.Take((int)Math.Min(context.LimitValue(limit.Count, "LIMIT") ?? long.MaxValue, int.MaxValue));
        }
        await TextResult.WriteAsync(sink, ["Level", "Code", "Message"],
            conditions.Select(c => new string?[] { c.LevelName, Text(c.Code), c.Message }));
    }
}
