using System.Globalization;
using System.Text;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Schema.Display;
using TableText = OceanClassic.MergeServer.Engine.Schema.Display.CreateTableText;


namespace OceanClassic.MergeServer.Engine.Statements;

// SHOW … and DESCRIBE, with the column names and values MariaDB 10.11 uses (clients and tools parse
// them). Each form builds its rows as text; LIKE and WHERE filter them here (ShowExecutor.Filter.cs).
// The forms live by area: tables and columns (.Tables.cs), server state (.Server.cs), warnings
// (.Diagnostics.cs); SHOW INDEX and SHOW CREATE TABLE stay here.
public static partial class ShowExecutor
{
    public static async ValueTask ExecuteAsync(ShowStatement s, StatementContext context, IResultSink sink)
    {
        // Every SHOW but the diagnostics ones reads tables (MariaDB answers them from information_schema),
        // so it clears the previous statement's warnings.
        if (s.Kind is not (ShowKind.Warnings or ShowKind.Errors or ShowKind.WarningCount or ShowKind.ErrorCount))
            context.MarkTablesUsed();
        switch (s.Kind)
        {
            case ShowKind.Databases:
                await WriteAsync(s, context, sink, [LikeLabel("Database", s)],
                    context.VisibleDatabases().Prepend("information_schema").Select(d => new string?[] { d }));
                break;
            case ShowKind.Tables:
                await ShowTablesAsync(s, context, sink);
                break;
            case ShowKind.Columns:
                await ShowColumnsAsync(s, context, sink);
                break;
            case ShowKind.CreateTable:
                {
                    var t = await context.ResolveShownTableAsync(s.Table!);
                    await TextResult.WriteAsync(sink, ["Table", "Create Table"], [[t.Name, TableText.Of(t, context.Eval.UtcOffset)]]);
                    break;
                }
            case ShowKind.CreateDatabase:
                await ShowCreateDatabaseAsync(s, context, sink);
                break;
            case ShowKind.Index:
                {
                    var t = await context.ResolveTableAsync(s.Table!);
                    await WriteAsync(s, context, sink, ["Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name", "Collation", "Cardinality",
                        "Sub_part", "Packed", "Null", "Index_type", "Comment", "Index_comment", "Ignored"],
                        IndexDisplay.KeysOf(t).SelectMany(k => k.Columns.Select((c, i) => new string?[]
                        {
                            t.Name, k.Unique ? "0" : "1", k.Name, (i + 1).ToString(CultureInfo.InvariantCulture), t.Columns[c].Name, "A", "0",
                            null, null, t.Columns[c].Nullable ? "YES" : "", "BTREE", "", "", "NO",
                        })));
                    break;
                }
            case ShowKind.TableStatus:
                await ShowTableStatusAsync(s, context, sink);
                break;
            case ShowKind.Warnings:
            case ShowKind.Errors:
            case ShowKind.WarningCount:
            case ShowKind.ErrorCount:
                await ShowDiagnosticsAsync(s, context, sink);
                break;
            default:
                await ShowServerAsync(s, context, sink);
                break;
        }
    }

    // DESCRIBE's Key: PRI for a primary key column, UNI for the column of a one-column UNIQUE index, MUL
    // for the first column of any other index (or of the index a FOREIGN KEY adds).
    private static string KeyText(TableSchema t, ColumnSchema c)
    {
        var position = t.IndexOf(c.Name);
        if (!t.HiddenRowKey && t.RowKeyColumns.Contains(position))
            return "PRI";
        if (t.Indexes.Any(i => i.Unique && i.Columns.Count == 1 && i.Columns[0] == position))
            return "UNI";
        return t.Indexes.Any(i => i.Columns[0] == position)
            || t.ForeignKeys.Any(fk => fk.IndexName is not null && string.Equals(fk.Columns[0], c.Name, StringComparison.OrdinalIgnoreCase)) ? "MUL" : "";
    }

}
