using OceanClassic.Common.MySql;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Accounts;

// The MySQL accounts of one schema version (the RootServer's UserRecords) plus the bootstrap account
// from the MergeServer's config (mysql_user / mysql_password): it is 'user'@'%' with every privilege and
// GRANT OPTION, and always exists unless the RootServer holds a record of that name and host (made by
// ALTER USER, GRANT or REVOKE on it), which then takes its place.
public sealed class AccountDirectory
{
    private readonly Dictionary<string, UserRecord> _byKey = new(StringComparer.Ordinal);
    private readonly List<UserRecord> _loginOrder;

    public AccountDirectory(ulong version, IEnumerable<UserRecord> users, UserRecord? bootstrap)
    {
        Version = version;
        foreach (var user in users)
            _byKey[Key(user.User, user.Host)] = user;
        if (bootstrap is not null)
            _byKey.TryAdd(Key(bootstrap.User, bootstrap.Host), bootstrap);
        // MariaDB's order: the most specific host first, then named users before the anonymous one.
        _loginOrder = [.. _byKey.Values.OrderByDescending(u => HostPatterns.Specificity(u.Host)).ThenByDescending(u => u.User.Length > 0)];
    }

    public ulong Version { get; }

    public IEnumerable<UserRecord> All => _byKey.Values;

    public static UserRecord Bootstrap(string user, string password)
    {
        return new UserRecord
        {
            User = user, Host = "%", AuthString = NativePassword.Hash(password), GlobalPrivileges = (ulong)PrivilegeCatalog.GlobalLevel,
        };
    }

    public UserRecord? Find(string user, string host) => _byKey.GetValueOrDefault(Key(user, host));

    // The account a login as `user` from `clientAddress` is checked against (only that one: a wrong
    // password there is 1045 even if another account would match).
    public UserRecord? MatchLogin(string user, string clientAddress) =>
        _loginOrder.FirstOrDefault(u => (u.User.Length == 0 || u.User == user) && HostPatterns.Matches(u.Host, clientAddress));

    public static string Key(string user, string host) => $"{user}@{host.ToLowerInvariant()}";
}
