using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Indexes;

// CREATE [UNIQUE] INDEX, DROP INDEX, ALTER TABLE ADD/DROP INDEX|KEY|UNIQUE. The definitions are checked
// here as MariaDB does (IndexDefinitionBuilder), then the RootServer changes the table's index list in
// one log entry. Dropping is immediate. A new index starts BUILDING and is built online (IndexBuild);
// if the build fails (a UNIQUE index over duplicates: 1062) the index is dropped again, so no index is
// left behind, and the error goes to the client.
public static class IndexDdlExecutor
{
    // ALTER TABLE statements made only of index additions and drops (other actions belong elsewhere).
    public static bool OnlyChangesIndexes(AlterTableStatement s) =>
        s.Actions.All(IsIndexAction);

    public static bool IsIndexAction(AlterTableAction a) =>
        a is DropIndexAction || a is AddConstraintAction { Constraint.Kind: TableConstraintKind.Unique or TableConstraintKind.Index };

    public static ValueTask CreateAsync(CreateIndexStatement s, StatementContext context, IResultSink sink) =>
        ChangeAsync(s.Table, [new TableConstraint(s.Unique ? TableConstraintKind.Unique : TableConstraintKind.Index, s.Name, s.Columns)], [], context, sink);

    public static ValueTask DropAsync(DropIndexStatement s, StatementContext context, IResultSink sink) =>
        ChangeAsync(s.Table, [], [s.Name], context, sink);

    public static ValueTask AlterAsync(AlterTableStatement s, StatementContext context, IResultSink sink) =>
        ChangeAsync(s.Table,
            [.. s.Actions.OfType<AddConstraintAction>().Select(a => a.Constraint)],
            [.. s.Actions.OfType<DropIndexAction>().Select(a => a.Name)],
            context, sink);

    private static async ValueTask ChangeAsync(TableName name, List<TableConstraint> add, List<string> drop, StatementContext context, IResultSink sink)
    {
        var table = await context.ResolveTableAsync(name, Privilege.Index);
        if (drop.Any(d => string.Equals(d, "PRIMARY", StringComparison.OrdinalIgnoreCase)))
            throw BindErrors.NotSupported("dropping the primary key");
        // Names are checked against the indexes that remain once the drops are done (as MariaDB does).
        var remaining = table.Indexes.Where(i => !drop.Contains(i.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        foreach (var d in drop)
        {
            if (!table.Indexes.Any(i => string.Equals(i.Name, d, StringComparison.OrdinalIgnoreCase)))
                SqlError.Throw(ErrorCodes.CantDropFieldOrKey, $"Can't DROP INDEX `{d}`; check that it exists");
        }
        var added = new List<IndexSchema>();
        foreach (var constraint in add)
        {
            var index = IndexDefinitionBuilder.Build(constraint, table.Columns, [.. remaining, .. added]);
            added.Add(index);
        }
        var request = new IndexDdlRequest { Database = table.Database, Table = table.Name, TableId = table.TableId };
        request.Drop.AddRange(drop);
        request.Add.AddRange(added.Select(SchemaConvert.ToProto));
        await context.Engine.Gateway.IndexDdlAsync(request, context.Ct);
        await context.RefreshSchemaAsync();
        if (added.Count > 0)
        {
            try
            {
                await IndexBuild.RunAsync(context, table.Database, table.Name, [.. added.Select(i => i.Name)]);
            }
            catch (Exception e) when (e is SqlError or OperationCanceledException)
            {
                await DropQuietlyAsync(context, table, added);
                throw;
            }
        }
        sink.Ok(0, 0, "Records: 0  Duplicates: 0  Warnings: 0");
    }

    private static async ValueTask DropQuietlyAsync(StatementContext context, TableSchema table, List<IndexSchema> added)
    {
        var request = new IndexDdlRequest { Database = table.Database, Table = table.Name, TableId = table.TableId, IfExists = true };
        request.Drop.AddRange(added.Select(i => i.Name));
        try
        {
            await context.Engine.Gateway.IndexDdlAsync(request, CancellationToken.None);
            await context.RefreshSchemaAsync();
        }
        catch (Exception e) when (e is SqlError or Cluster.ClusterUnavailableException)
        {
            // The index stays BUILDING (never read); DROP INDEX removes it.
        }
    }
}
