using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Ddl;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// DDL goes to the RootServer, which owns the schema; its MySQL errors (1007, 1008, 1049, 1050, 1051) pass
// through. Afterwards this MergeServer reloads the schema so the session sees its own change at once.
public static class DdlExecutor
{
    public static async ValueTask CreateDatabaseAsync(CreateDatabaseStatement s, StatementContext context, IResultSink sink)
    {
        AccessCheck.RequireDatabase(context, s.Name, Privilege.Create);
        var r = await context.Engine.Gateway.CreateDatabaseAsync(new CreateDatabaseRequest { Name = s.Name, IfNotExists = s.IfNotExists }, context.Ct);
        if (r.Noop)
            context.Warnings.Note(ErrorCodes.DbCreateExists, $"Can't create database '{s.Name}'; database exists");
        await context.RefreshSchemaAsync();
        sink.Ok(r.Noop ? 0UL : 1UL, 0);
    }

    public static async ValueTask DropDatabaseAsync(DropDatabaseStatement s, StatementContext context, IResultSink sink)
    {
        AccessCheck.RequireDatabase(context, s.Name, Privilege.Drop);
        var r = await context.Engine.Gateway.DropDatabaseAsync(new DropDatabaseRequest { Name = s.Name, IfExists = s.IfExists }, context.Ct);
        var tables = context.Schema.TablesOf(s.Name).ToList();
        if (r.Noop)
            context.Warnings.Note(ErrorCodes.DbDropExists, $"Can't drop database '{s.Name}'; database doesn't exist");
        foreach (var t in tables)
            Forget(context, t.TableId);
        await context.RefreshSchemaAsync();
        context.Session.ForgetDatabase(s.Name);
        // MariaDB counts the tables dropped.
        sink.Ok(r.Noop ? 0UL : (ulong)tables.Count, 0);
    }

    public static async ValueTask CreateTableAsync(CreateTableStatement s, StatementContext context, IResultSink sink)
    {
        var database = context.RequireDatabase(s.Table.Schema);
        AccessCheck.RequireTable(context, database, s.Table.Name, Privilege.Create);
        if (!context.Schema.HasDatabase(database))
        {
            await context.RefreshSchemaAsync();
            if (!context.Schema.HasDatabase(database))
                SqlError.Throw(ErrorCodes.BadDatabase, $"Unknown database '{database}'");
        }
        database = context.Schema.CanonicalDatabase(database) ?? database;
        if (s.Like is not null)
        {
            await TableCopier.CreateLikeAsync(s, database, context, sink);
            return;
        }
        if (s.AsSelect is not null)
        {
            await TableCopier.CreateAsSelectAsync(s, database, context, sink);
            return;
        }
        var schema = TableDefinitionBuilder.Build(s, database, context.Eval.UtcOffset);
        AlterTableExecutor.ValidateChecks(schema, context);
        await TableCopier.ValidateForeignKeysAsync(schema, context);
        context.MarkTablesUsed();
        var created = await context.Engine.Gateway.CreateTableAsync(new CreateTableRequest { Table = SchemaConvert.ToProto(schema), IfNotExists = s.IfNotExists }, context.Ct);
        if (created.Noop)
            context.Warnings.Note(ErrorCodes.TableExists, $"Table '{s.Table.Name}' already exists");
        await context.RefreshSchemaAsync();
        if (!created.Noop)
            await TableCopier.RaiseAutoIncrementAsync(schema with { TableId = created.TableId }, context);
        sink.Ok(0, 0);
    }

    public static async ValueTask DropTableAsync(DropTableStatement s, StatementContext context, IResultSink sink)
    {
        context.MarkTablesUsed();
        var missing = new List<string>();
        foreach (var name in s.Tables)
            AccessCheck.RequireTable(context, context.RequireDatabase(name.Schema), name.Name, Privilege.Drop);
        foreach (var name in s.Tables)
        {
            var database = context.RequireDatabase(name.Schema);
            var existing = context.Schema.FindTable(database, name.Name);
            var dropped = await context.Engine.Gateway.DropTableAsync(new DropTableRequest { Database = database, Name = name.Name, IfExists = s.IfExists }, context.Ct);
            if (dropped.Noop)
                missing.Add($"{database}.{name.Name}");
            if (existing is not null)
            {
                Forget(context, existing.TableId);
                foreach (var index in existing.Indexes)
                    context.Engine.Locations.Invalidate(index.IndexTableId);
            }
        }
        // DROP TABLE IF EXISTS names every missing table in one note, as MariaDB.
        if (missing.Count > 0)
            context.Warnings.Note(ErrorCodes.BadTable, $"Unknown table '{string.Join(",", missing)}'");
        await context.RefreshSchemaAsync();
        sink.Ok(0, 0);
    }

    private static void Forget(StatementContext context, ulong tableId)
    {
        context.Engine.Locations.Invalidate(tableId);
        context.Engine.AutoIncrement.Forget(tableId);
    }
}
