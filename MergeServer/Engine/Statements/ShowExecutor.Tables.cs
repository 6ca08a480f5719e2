using System.Globalization;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Schema.Display;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using TableText = OceanClassic.MergeServer.Engine.Schema.Display.CreateTableText;

namespace OceanClassic.MergeServer.Engine.Statements;

// SHOW [FULL] TABLES, SHOW [FULL] COLUMNS / DESCRIBE, SHOW TABLE STATUS and SHOW CREATE DATABASE.
// TABLE STATUS estimates Rows and Data_length from the root table (the tablets' baseline row counts and
// sizes; increments not yet merged are not counted), as InnoDB's are estimates too; Create_time and
// Update_time are not recorded (NULL), Auto_increment is the id this MergeServer hands out next.
public static partial class ShowExecutor
{
    private const string ColumnPrivileges = "select,insert,update,references";

    private static async ValueTask ShowTablesAsync(ShowStatement s, StatementContext context, IResultSink sink)
    {
        var db = context.RequireDatabase(s.Database);
        IEnumerable<string> names;
        string tableType;
        if (string.Equals(db, SystemViewRegistry.InformationSchema, StringComparison.OrdinalIgnoreCase))
        {
            db = SystemViewRegistry.InformationSchema;
            names = SystemViewRegistry.InformationSchemaViews.Select(v => v.Schema.Name);
            tableType = "SYSTEM VIEW";
        }
        else
        {
            AccessCheck.RequireSeesDatabase(context, db);
            db = context.Schema.CanonicalDatabase(db) ?? throw SqlError.FromCode(ErrorCodes.BadDatabase, $"Unknown database '{db}'");
            var privileges = context.Privileges;
            names = context.Schema.TablesOf(db).Where(t => privileges.SeesTable(t.Database, t.Name)).Select(t => t.Name);
            tableType = "BASE TABLE";
        }
        var header = LikeLabel($"Tables_in_{db}", s);
        await WriteAsync(s, context, sink, s.Full ? [header, "Table_type"] : [header],
            names.Select(n => s.Full ? new string?[] { n, tableType } : [n]));
    }

    private static async ValueTask ShowColumnsAsync(ShowStatement s, StatementContext context, IResultSink sink)
    {
        var t = SystemViewRegistry.Find(s.Table!.Schema ?? context.Session.CurrentDatabase, s.Table.Name) is { } view
            ? view.Schema
            : await context.ResolveTableAsync(s.Table);
        var rows = t.VisibleColumns.Select(c =>
        {
            var key = KeyText(t, c);
            var type = TableText.TypeText(c);
            var byDefault = TableText.DefaultText(TimestampDefaults.InZone(c, context.ZoneOffsetFor(c)));
            var extra = TableText.ExtraText(c);
            var collation = c.IsText ? Collation.Of(c.TextCollation).Name : null;
            return s.Full
                ? new string?[] { c.Name, type, collation, c.Nullable ? "YES" : "NO", key, byDefault, extra, ColumnPrivileges, c.Comment ?? "" }
                : [c.Name, type, c.Nullable ? "YES" : "NO", key, byDefault, extra];
        });
        string[] headers = s.Full
            ? ["Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment"]
            : ["Field", "Type", "Null", "Key", "Default", "Extra"];
        await WriteAsync(s, context, sink, headers, rows);
    }

    private static async ValueTask ShowTableStatusAsync(ShowStatement s, StatementContext context, IResultSink sink)
    {
        var db = context.RequireDatabase(s.Database);
        AccessCheck.RequireSeesDatabase(context, db);
        if (context.Schema.CanonicalDatabase(db) is not { } name)
            throw SqlError.FromCode(ErrorCodes.BadDatabase, $"Unknown database '{db}'");
        var rows = new List<string?[]>();
        foreach (var t in context.Schema.TablesOf(name))
        {
            if (!context.Privileges.SeesTable(t.Database, t.Name))
                continue;
            // LIKE is tested first so that only the tables shown cost a root-table lookup.
            if (s.Like is { } pattern && !Common.Expr.LikeMatcher.IsMatch(t.Name, pattern))
                continue;
            rows.Add(await TableStatusRowAsync(t, context));
        }
        await WriteAsync(s, context, sink,
            ["Name", "Engine", "Version", "Row_format", "Rows", "Avg_row_length", "Data_length", "Max_data_length", "Index_length",
                "Data_free", "Auto_increment", "Create_time", "Update_time", "Check_time", "Collation", "Checksum", "Create_options",
                "Comment", "Max_index_length", "Temporary"],
            rows);
    }

    private static async ValueTask<string?[]> TableStatusRowAsync(TableSchema t, StatementContext context)
    {
        long rows = 0, bytes = 0;
        var tablets = await context.Engine.Gateway.GetTabletsAsync(t.TableId, context.Ct);
        foreach (var tablet in tablets.Tablets)
        {
            rows += tablet.RowCount;
            bytes += tablet.SizeBytes;
        }
        string? autoIncrement = null;
        if (t.AutoIncrementColumn is not null)
            autoIncrement = Text((long)(context.Engine.AutoIncrement.PeekNext(t.TableId) ?? 1));
        return
        [
            t.Name, t.Engine ?? "InnoDB", "10", "Dynamic", Text(rows), Text(rows == 0 ? 0 : bytes / rows), Text(bytes), "0", "0", "0",
            autoIncrement, null, null, null, Collation.Of(t.DefaultCollation).Name, null, "", t.Comment ?? "", "0", "N",
        ];
    }

    private static async ValueTask ShowCreateDatabaseAsync(ShowStatement s, StatementContext context, IResultSink sink)
    {
        var db = s.Database ?? context.RequireDatabase(null);
        string name;
        if (string.Equals(db, SystemViewRegistry.InformationSchema, StringComparison.OrdinalIgnoreCase))
            name = SystemViewRegistry.InformationSchema;
        else
            name = context.Schema.CanonicalDatabase(db) ?? throw SqlError.FromCode(ErrorCodes.BadDatabase, $"Unknown database '{db}'");
        var options = name == SystemViewRegistry.InformationSchema
            ? "/*!40100 DEFAULT CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci */"
            : "/*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci */";
        var ifNotExists = s.IfNotExists ? "/*!32312 IF NOT EXISTS*/ " : "";
        await TextResult.WriteAsync(sink, ["Database", "Create Database"], [[name, $"CREATE DATABASE {ifNotExists}`{name}` {options}"]]);
    }

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);
}
