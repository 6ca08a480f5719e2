using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// RENAME TABLE a TO b [, c TO d ...]: pairs apply in order (so a TO tmp, b TO a, tmp TO b swaps), across
// databases, all in one RootServer change or none (1146 for a missing source, 1050 for a taken name).
// TRUNCATE TABLE: the table gets a new table id with one empty tablet, so its rows are gone at once
// everywhere and its AUTO_INCREMENT starts again at 1 (the counter is per table id), as InnoDB's.
public static class RenameTruncateExecutor
{
    public static async ValueTask RenameAsync(RenameTableStatement s, StatementContext context, IResultSink sink)
    {
        var tables = context.Schema.Databases.SelectMany(context.Schema.TablesOf).ToDictionary(t => t.TableId);
        var changed = new Dictionary<ulong, TableSchema>();
        foreach (var (from, to) in s.Pairs)
        {
            var fromDb = context.RequireDatabase(from.Schema);
            AccessCheck.RequireTable(context, fromDb, from.Name, Privilege.Drop | Privilege.Alter);
            AccessCheck.RequireTable(context, context.RequireDatabase(to.Schema), to.Name, Privilege.Create | Privilege.Insert);
            var source = tables.Values.FirstOrDefault(t => Same(t.Database, fromDb) && Same(t.Name, from.Name))
                ?? throw SqlError.FromCode(ErrorCodes.NoSuchTable, $"Table '{fromDb}.{from.Name}' doesn't exist");
            var toDb = context.Schema.CanonicalDatabase(context.RequireDatabase(to.Schema))
                ?? throw SqlError.FromCode(ErrorCodes.BadDatabase, $"Unknown database '{to.Schema}'");
            if (tables.Values.Any(t => Same(t.Database, toDb) && Same(t.Name, to.Name)))
                SqlError.Throw(ErrorCodes.TableExists, $"Table '{to.Name}' already exists");
            var renamed = source with { Database = toDb, Name = to.Name };
            tables[source.TableId] = renamed;
            changed[source.TableId] = renamed;
        }
        var request = new AlterTablesRequest();
        foreach (var t in changed.Values)
        {
            var original = context.Schema.Databases.SelectMany(context.Schema.TablesOf).First(x => x.TableId == t.TableId);
            request.Tables.Add(SchemaConvert.ToProto(t with { TableVersion = original.TableVersion + 1 }));
        }
        await context.Engine.Gateway.AlterTablesAsync(request, context.Ct);
        await context.RefreshSchemaAsync();
        sink.Ok(0, 0);
    }

    public static async ValueTask TruncateAsync(TruncateTableStatement s, StatementContext context, IResultSink sink)
    {
        var table = await context.ResolveTableAsync(s.Table, Privilege.Drop);
        await context.Engine.Gateway.TruncateTableAsync(new TruncateTableRequest { Database = table.Database, Name = table.Name }, context.Ct);
        context.Engine.Locations.Invalidate(table.TableId);
        context.Engine.AutoIncrement.Forget(table.TableId);
        await context.RefreshSchemaAsync();
        sink.Ok(0, 0);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
