using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Schema;

// MySQL accounts (0.4's __all_user and __all_table_privilege): CREATE / ALTER / DROP USER, SET PASSWORD,
// GRANT and REVOKE. The MergeServer decides what a statement means (its errors, the merged privileges)
// from the records it cached and sends the new records; each names the version it was made from, so a
// record another MergeServer changed meanwhile is refused (1105, retry) rather than overwritten. The
// accounts are logged and checkpointed with the schema, replicated to the backup RS the same way, and
// bump the schema version so every MergeServer reloads them.
public sealed partial class SchemaService
{
    public Task<DdlResponse> ChangeAccountsAsync(AccountChangeRequest r, CancellationToken ct) => WriteAsync(async s =>
    {
        var entry = new AccountChangeRequest();
        foreach (var change in r.Changes)
        {
            var current = s.FindUser(change.User.User, change.User.Host);
            if ((current?.Version ?? 0) != change.ExpectedVersion)
                throw new RpcException(SchemaChangedCode, $"account '{change.User.User}'@'{change.User.Host}' was changed concurrently; retry");
            var applied = change.Clone();
            applied.User.Version = (current?.Version ?? 0) + 1;
            entry.Changes.Add(applied);
        }
        if (entry.Changes.Count == 0)
            return new DdlResponse { SchemaVersion = s.SchemaVersion, Noop = true };
        await store.AppendAsync(s, new RsLogEntry { SchemaVersion = s.SchemaVersion + 1, ChangeAccounts = entry }, ct).ConfigureAwait(false);
        return new DdlResponse { SchemaVersion = s.SchemaVersion };
    }, ct);
}
