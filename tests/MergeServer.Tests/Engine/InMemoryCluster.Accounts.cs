using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// MySQL accounts as the RootServer keeps them (SchemaService.Accounts.cs): each new record checked
// against the version it was made from, all of a statement's records applied together.
public sealed partial class InMemoryCluster
{
    private readonly Dictionary<string, UserRecord> _users = [];

    public IReadOnlyCollection<UserRecord> Users
    {
        get
        {
            lock (_lock)
                return [.. _users.Values];
        }
    }

    public ValueTask<DdlResponse> ChangeAccountsAsync(AccountChangeRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            foreach (var change in request.Changes)
            {
                var current = _users.GetValueOrDefault(Key(change.User));
                if ((current?.Version ?? 0) != change.ExpectedVersion)
                    throw SqlError.FromCode(1105, "account changed concurrently; retry");
            }
            foreach (var change in request.Changes)
            {
                var record = change.User.Clone();
                record.Version = change.ExpectedVersion + 1;
                if (change.Drop)
                    _users.Remove(Key(record));
                else
                    _users[Key(record)] = record;
            }
            return Done(0);
        }
    }

    private static string Key(UserRecord user) => $"{user.User}@{user.Host.ToLowerInvariant()}";
}
