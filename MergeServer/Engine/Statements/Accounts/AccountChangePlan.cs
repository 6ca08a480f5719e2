using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Engine.Accounts;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Statements.Accounts;

// What one account statement does, computed from the accounts of one schema version: the new records
// (each naming the version it was made from), the notes it raises and the error it ends with (MariaDB
// applies the accounts that succeed and then reports the ones that failed).
public sealed class AccountChangePlan
{
    public AccountChangeRequest Request { get; } = new();

    public List<(int Code, string Message)> Notes { get; } = [];

    public SqlError? Error { get; set; }

    public void Set(UserRecord record, UserRecord? existing) =>
        Request.Changes.Add(new AccountChange { User = record, ExpectedVersion = existing?.Version ?? 0 });

    public void Drop(UserRecord existing) =>
        Request.Changes.Add(new AccountChange { User = existing, Drop = true, ExpectedVersion = existing.Version });

    // Computes the plan against this MergeServer's accounts and sends it; a record another MergeServer
    // changed meanwhile (1105 from the RootServer) reloads the schema and plans again.
    public static async ValueTask ApplyAsync(StatementContext context, IResultSink sink, Func<AccountDirectory, AccountChangePlan> plan)
    {
        for (var attempt = 0; ; attempt++)
        {
            var directory = context.Engine.AccountsFor(context.Schema);
            var result = plan(directory);
            if (result.Request.Changes.Count > 0)
            {
                try
                {
                    await context.Engine.Gateway.ChangeAccountsAsync(result.Request, context.Ct);
                }
                catch (SqlError e) when (e.Code == ErrorCodes.Unknown && attempt < 3)
                {
                    await context.RefreshSchemaAsync();
                    continue;
                }
                await context.RefreshSchemaAsync();
            }
            foreach (var (code, message) in result.Notes)
                context.Warnings.Note(code, message);
            if (result.Error is not null)
                throw result.Error;
            sink.Ok(0, 0);
            return;
        }
    }

    public static string Quoted(string user, string host) => $"'{user}'@'{host}'";
}
