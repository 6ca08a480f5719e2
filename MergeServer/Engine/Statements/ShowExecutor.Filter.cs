using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// LIKE and WHERE on SHOW output, as MariaDB applies them: LIKE matches the form's name column (the
// first one: Database, Field, Name, Variable_name, Collation, Charset), case-insensitively; WHERE is any
// expression over the row, its columns named by the result's labels (`Key`, Variable_name, ...).
public static partial class ShowExecutor
{
    private static async ValueTask WriteAsync(ShowStatement s, StatementContext context, IResultSink sink,
        IReadOnlyList<string> headers, IEnumerable<string?[]> rows)
    {
        var filtered = rows;
        if (s.Like is { } pattern)
            filtered = filtered.Where(r => r[0] is { } name && LikeMatcher.IsMatch(name, pattern));
        if (s.Where is { } where)
        {
            var scope = new TableScope(InfoColumns.Table("SHOW", [.. headers]), null);
            var condition = context.Binder.Bind(where, scope, "WHERE");
            var eval = context.Eval;
            filtered = filtered.Where(r => ExprEvaluator.IsTrue(condition, Values(r), eval));
        }
        await TextResult.WriteAsync(sink, headers, filtered);
    }

    // SHOW TABLES / DATABASES LIKE 'p' label their column "Tables_in_db (p)" / "Database (p)".
    private static string LikeLabel(string label, ShowStatement s) => s.Like is { } pattern ? $"{label} ({pattern})" : label;

    private static ObObj[] Values(string?[] row) => [.. row.Select(v => v is null ? ObObj.Null : ObObj.FromString(v))];
}
