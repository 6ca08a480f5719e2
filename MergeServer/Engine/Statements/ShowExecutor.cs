using System.Globalization;
using System.Text;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;

using OceanClassic.MergeServer.Engine.Statements.Indexes;

namespace OceanClassic.MergeServer.Engine.Statements;

// SHOW … and DESCRIBE, with the column names MySQL uses (clients and tools parse them).
public static class ShowExecutor
{
    public static async ValueTask ExecuteAsync(ShowStatement s, StatementContext context, IResultSink sink)
    {
        switch (s.Kind)
        {
            case ShowKind.Databases:
                await TextResult.WriteAsync(sink, ["Database"],
                    context.Schema.Databases.Prepend("information_schema").Where(d => Like(d, s.Like)).Select(d => new string?[] { d }));
                break;
            case ShowKind.Tables:
                {
                    var db = context.RequireDatabase(s.Database);
                    if (string.Equals(db, SystemViewRegistry.InformationSchema, StringComparison.OrdinalIgnoreCase))
                    {
                        var views = context.Engine.SystemViews.InformationSchemaViews.Where(v => Like(v.Schema.Name, s.Like));
                        await TextResult.WriteAsync(sink, s.Full ? ["Tables_in_information_schema", "Table_type"] : ["Tables_in_information_schema"],
                            views.Select(v => s.Full ? new string?[] { v.Schema.Name, "SYSTEM VIEW" } : [v.Schema.Name]));
                        break;
                    }
                    if (!context.Schema.HasDatabase(db))
                        SqlError.Throw(ErrorCodes.BadDatabase, $"Unknown database '{db}'");
                    var tables = context.Schema.TablesOf(db).Where(t => Like(t.Name, s.Like));
                    var header = $"Tables_in_{context.Schema.CanonicalDatabase(db)}" + (s.Like is null ? "" : $" ({s.Like})");
                    await TextResult.WriteAsync(sink, s.Full ? [header, "Table_type"] : [header],
                        tables.Select(t => s.Full ? new string?[] { t.Name, "BASE TABLE" } : [t.Name]));
                    break;
                }
            case ShowKind.Columns:
                {
                    var t = await context.ResolveTableAsync(s.Table!);
                    await TextResult.WriteAsync(sink, ["Field", "Type", "Null", "Key", "Default", "Extra"],
                        t.VisibleColumns.Where(c => Like(c.Name, s.Like)).Select((c, i) => new string?[]
                        {
                            c.Name, Statements.CreateTableText.TypeText(c), c.Nullable ? "YES" : "NO", KeyText(t, c),
                            Statements.CreateTableText.DefaultText(c), Statements.CreateTableText.ExtraText(c),
                        }));
                    break;
                }
            case ShowKind.CreateTable:
                {
                    var t = await context.ResolveTableAsync(s.Table!);
                    await TextResult.WriteAsync(sink, ["Table", "Create Table"], [[t.Name, CreateTableText(t)]]);
                    break;
                }
            case ShowKind.CreateDatabase:
                {
                    var db = s.Database ?? context.RequireDatabase(null);
                    if (context.Schema.CanonicalDatabase(db) is not { } name)
                        throw SqlError.FromCode(ErrorCodes.BadDatabase, $"Unknown database '{db}'");
                    await TextResult.WriteAsync(sink, ["Database", "Create Database"],
                        [[name, $"CREATE DATABASE `{name}` /*!40100 DEFAULT CHARACTER SET utf8mb4 */"]]);
                    break;
                }
            case ShowKind.Index:
                {
                    var t = await context.ResolveTableAsync(s.Table!);
                    await TextResult.WriteAsync(sink, ["Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name", "Collation", "Cardinality",
                        "Sub_part", "Packed", "Null", "Index_type", "Comment", "Index_comment", "Ignored"],
                        IndexDisplay.KeysOf(t).SelectMany(k => k.Columns.Select((c, i) => new string?[]
                        {
                            t.Name, k.Unique ? "0" : "1", k.Name, (i + 1).ToString(CultureInfo.InvariantCulture), t.Columns[c].Name, "A", "0",
                            null, null, t.Columns[c].Nullable ? "YES" : "", "BTREE", "", "", "NO",
                        })));
                    break;
                }
            case ShowKind.Variables:
                await TextResult.WriteAsync(sink, ["Variable_name", "Value"],
                    context.Session.Variables.All.Where(kv => Like(kv.Key, s.Like)).Select(kv => new string?[] { kv.Key, SessionVariables.DisplayText(kv.Key, kv.Value) }));
                break;
            case ShowKind.Status:
                await TextResult.WriteAsync(sink, ["Variable_name", "Value"],
                    new[] { ("Threads_connected", "1"), ("Uptime", "1"), ("Questions", "0"), ("Ssl_cipher", "") }
                        .Where(kv => Like(kv.Item1, s.Like)).Select(kv => new string?[] { kv.Item1, kv.Item2 }));
                break;
            case ShowKind.Warnings:
            case ShowKind.Errors:
                await TextResult.WriteAsync(sink, ["Level", "Code", "Message"], context.Session.Warnings.Items
                    .Where(w => s.Kind == ShowKind.Warnings || w.Level == "Error")
                    .Select(w => new string?[] { w.Level, w.Code.ToString(CultureInfo.InvariantCulture), w.Message }));
                break;
            case ShowKind.Engines:
                await TextResult.WriteAsync(sink, ["Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"],
                    [["OceanClassic", "DEFAULT", "OceanBase 0.4 architecture: baseline on ChunkServers, increments on the UpdateServer", "YES", "NO", "NO"]]);
                break;
            case ShowKind.Collation:
                await TextResult.WriteAsync(sink, ["Collation", "Charset", "Id", "Default", "Compiled", "Sortlen"],
                    [["utf8mb4_general_ci", "utf8mb4", "45", "Yes", "Yes", "1"], ["utf8mb4_bin", "utf8mb4", "46", "", "Yes", "1"]]);
                break;
            case ShowKind.CharacterSet:
                await TextResult.WriteAsync(sink, ["Charset", "Description", "Default collation", "Maxlen"],
                    [["utf8mb4", "UTF-8 Unicode", "utf8mb4_general_ci", "4"]]);
                break;
            case ShowKind.TableStatus:
                {
                    var db = context.RequireDatabase(s.Database);
                    await TextResult.WriteAsync(sink, ["Name", "Engine", "Version", "Row_format", "Rows", "Comment"],
                        context.Schema.TablesOf(db).Where(t => Like(t.Name, s.Like)).Select(t => new string?[] { t.Name, "OceanClassic", "10", "Dynamic", null, "" }));
                    break;
                }
            default:
                await TextResult.WriteAsync(sink, ["Id", "User", "Host", "db", "Command", "Time", "State", "Info"],
                    [[context.Session.ConnectionId.ToString(CultureInfo.InvariantCulture), context.Session.UserAtHost, "", context.Session.CurrentDatabase, "Query", "0", "", "SHOW PROCESSLIST"]]);
                break;
        }
    }

    public static string CreateTableText(TableSchema t) => Statements.CreateTableText.Of(t);

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

    private static bool Like(string text, string? pattern) => pattern is null || LikeMatcher.IsMatch(text, pattern);
}
