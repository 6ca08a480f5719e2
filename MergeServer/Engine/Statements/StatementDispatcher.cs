using System.Diagnostics;
using System.Runtime.CompilerServices;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Planning.Prepared;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Statements.Accounts;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Execution.Select;
using OceanClassic.MergeServer.Engine.Statements.Ddl;
using OceanClassic.Common.Tasks;

namespace OceanClassic.MergeServer.Engine.Statements;

// Routes each statement kind to its executor.
public static class StatementDispatcher
{
    // DML hands its executor's task straight back: one state machine less per statement.
    public static ValueTask ExecuteAsync(Statement statement, StatementContext context, IResultSink sink) => statement switch
    {
        InsertStatement s => InsertExecutor.ExecuteAsync(s, context, sink),
        UpdateStatement s => UpdateExecutor.ExecuteAsync(s, context, sink),
        DeleteStatement s => DeleteExecutor.ExecuteAsync(s, context, sink),
        _ => ExecuteOtherAsync(statement, context, sink),
    };

    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder))]
    private static async ValueTask ExecuteOtherAsync(Statement statement, StatementContext context, IResultSink sink)
    {
        switch (statement)
        {
            case QueryStatement s:
                var planStarted = Stopwatch.GetTimestamp();
                var plan = context.PreparedPlan is { } prepared
                    ? await PreparedSelectPlanner.PlanAsync(s, context, prepared)
                    : await QueryPlanner.PlanAsync(s, context);
                // A top-level SELECT of one table: its reads may be served under an increment lease (ReadSnapshot). A kept
                // prepared plan has no subquery (no walk of the statement per execution).
                if (plan.Source is TableRowSource only && ReferenceEquals(only.Snapshot, context.ReadSnapshot)
                    && s is SelectStatement single && (context.PreparedPlan?.Kept is KeptSelect || !SubqueryFolder.ContainsSubquery(single)))
                    only.Snapshot.PromiseOnlyTable(only.Spec.Table.TableId);
                MsStageTimers.Plan.Stop(planStarted);
                var runStarted = Stopwatch.GetTimestamp();
                await SelectExecutor.ExecuteAsync(plan, context, sink);
                MsStageTimers.Select.Stop(runStarted);
                break;
            case MultiTableUpdateStatement s:
                await MultiTableDmlExecutor.UpdateAsync(s, context, sink);
                break;
            case LoadDataStatement s:
                await LoadDataExecutor.ExecuteAsync(s, context, sink);
                break;
            case MultiTableDeleteStatement s:
                await MultiTableDmlExecutor.DeleteAsync(s, context, sink);
                break;
            case CreateDatabaseStatement s:
                await DdlExecutor.CreateDatabaseAsync(s, context, sink);
                break;
            case DropDatabaseStatement s:
                await DdlExecutor.DropDatabaseAsync(s, context, sink);
                break;
            case CreateTableStatement s:
                await DdlExecutor.CreateTableAsync(s, context, sink);
                break;
            case DropTableStatement s:
                await DdlExecutor.DropTableAsync(s, context, sink);
                break;
            case CreateIndexStatement s:
                await IndexDdlExecutor.CreateAsync(s, context, sink);
                break;
            case DropIndexStatement s:
                await IndexDdlExecutor.DropAsync(s, context, sink);
                break;
            case UseStatement s:
                await context.Session.UseAsync(s.Database, context.Ct);
                sink.Ok(0, 0);
                break;
            case SetStatement s:
                await SetExecutor.SetAsync(s, context, sink);
                break;
            case SetNamesStatement s:
                SetExecutor.SetNames(s.Charset, s.Collation, context, sink);
                break;
            case SetCharacterSetStatement s:
                SetExecutor.SetNames(s.Charset, null, context, sink);
                break;
            case SetTransactionStatement s:
                SetExecutor.SetTransaction(s, context, sink);
                break;
            case BeginStatement:
                // BEGIN inside an open transaction commits it first (MySQL's implicit commit).
                await context.Session.Transaction.CommitAsync(context.Ct);
                context.Session.Transaction.BeginExplicit();
                sink.Ok(0, 0);
                break;
            case CommitStatement:
                await context.Session.Transaction.CommitAsync(context.Ct);
                sink.Ok(0, 0);
                break;
            case RollbackStatement:
                await context.Session.Transaction.RollbackAsync(context.Ct);
                sink.Ok(0, 0);
                break;
            case AlterSystemStatement when (context.Privileges.Global & Privilege.Super) == 0:
                AccessCheck.RequireGlobal(context, Privilege.Super);
                break;
            case AlterSystemStatement { Command: AlterSystemCommand.SwitchUpsMaster } s:
                await UpsSwitchExecutor.ExecuteAsync(s, context, sink);
                break;
            case AlterSystemStatement { Command: AlterSystemCommand.SetParameter } s:
                await SystemParameterExecutor.ExecuteAsync(s, context, sink);
                break;
            case AlterSystemStatement { Command: AlterSystemCommand.MajorFreeze }:
                {
                    var frozen = await context.Engine.Gateway.MajorFreezeAsync(context.Ct);
                    sink.Ok(0, 0, $"frozen version {frozen.FrozenVersion}");
                    break;
                }
            case AlterSystemStatement { Command: AlterSystemCommand.MinorFreeze }:
                {
                    var dump = await context.Engine.Gateway.MinorFreezeAsync(context.Ct);
                    sink.Ok(0, 0, $"minor freeze at version {dump.FrozenVersion}: {dump.DumpRows} increments dumped, replay point log seq {dump.LogSeq}");
                    break;
                }
            case ExplainStatement s:
                await ExplainExecutor.ExecuteAsync(s, context, sink);
                break;
            case ShowStatement s:
                await ShowExecutor.ExecuteAsync(s, context, sink);
                break;
            case LockTablesStatement s:
                await TableLockExecutor.LockAsync(s, context, sink);
                break;
            case UnlockTablesStatement:
                await TableLockExecutor.UnlockAsync(context, sink);
                break;
            case FlushStatement s:
                await TableLockExecutor.FlushAsync(s, context, sink);
                break;
            case AlterTableStatement s when TableLockExecutor.OnlySwitchesKeys(s):
                await TableLockExecutor.SwitchKeysAsync(s, context, sink);
                break;
            case CheckIndexStatement s:
                await IndexCheckExecutor.ExecuteAsync(s, context, sink);
                break;
            case AlterTableStatement s when IndexDdlExecutor.OnlyChangesIndexes(s):
                await IndexDdlExecutor.AlterAsync(s, context, sink);
                break;
            case AlterTableStatement s:
                await AlterTableExecutor.ExecuteAsync(s, context, sink);
                break;
            case RenameTableStatement s:
                await RenameTruncateExecutor.RenameAsync(s, context, sink);
                break;
            case TruncateTableStatement s:
                await RenameTruncateExecutor.TruncateAsync(s, context, sink);
                break;
            case PrepareStatement s:
                await SqlPrepareExecutor.PrepareAsync(s, context, sink);
                break;
            case ExecuteStatement s:
                await SqlPrepareExecutor.ExecuteAsync(s, context, sink);
                break;
            case DeallocatePrepareStatement s:
                SqlPrepareExecutor.Deallocate(s, context, sink);
                break;
            case SavepointStatement s:
                await SavepointExecutor.ExecuteAsync(s, context, sink);
                break;
            case CreateUserStatement s:
                await UserStatementExecutor.CreateAsync(s, context, sink);
                break;
            case AlterUserStatement s:
                await UserStatementExecutor.AlterAsync(s, context, sink);
                break;
            case DropUserStatement s:
                await UserStatementExecutor.DropAsync(s, context, sink);
                break;
            case SetPasswordStatement s:
                await UserStatementExecutor.SetPasswordAsync(s, context, sink);
                break;
            case GrantStatement s:
                await GrantExecutor.ExecuteAsync(s, context, sink);
                break;
            case KillStatement s:
                KillExecutor.Execute(s, context, sink);
                break;
            default:
                throw BindErrors.NotSupported(statement.GetType().Name.Replace("Statement", "", StringComparison.Ordinal));
        }
    }
}
