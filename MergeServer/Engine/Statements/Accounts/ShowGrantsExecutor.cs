using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Accounts;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Accounts;

// SHOW GRANTS [FOR u]: one GRANT statement per level the account holds something at, as MariaDB 10.11
// prints them (global first with the password hash, REQUIRE SSL and WITH GRANT OPTION, then database
// and table grants in the order they were first made). Another account's grants need SELECT on the
// mysql database (1044); an unknown account is 1141. The config's bootstrap account shows as MariaDB
// shows its root: ALL PRIVILEGES and PROXY at the client's address.
public static class ShowGrantsExecutor
{
    public static async ValueTask ExecuteAsync(string? grantee, StatementContext context, IResultSink sink)
    {
        var session = context.Session;
        var (user, host) = grantee is null ? (session.User, session.AccountHost) : Parse(grantee);
        var own = user == session.User && string.Equals(host, session.AccountHost, StringComparison.OrdinalIgnoreCase);
        if (!own)
            AccessCheck.RequireDatabase(context, "mysql", Privilege.Select);
        var record = context.Engine.AccountsFor(context.Schema).Find(user, host) ?? throw GrantExecutor.NoSuchGrant(user, host);
        if (record.Version == 0 && grantee is null)
        {
            var shown = HostPatterns.HostOf(session.ClientAddress);
            await TextResult.WriteAsync(sink, [$"Grants for {user}@{shown}"],
            [
                [$"GRANT ALL PRIVILEGES ON *.* TO `{user}`@`{shown}` WITH GRANT OPTION"],
                [$"GRANT PROXY ON ``@`%` TO `{user}`@`{shown}` WITH GRANT OPTION"],
            ]);
            return;
        }
        await TextResult.WriteAsync(sink, [$"Grants for {record.User}@{record.Host}"], Lines(record).Select(l => new string?[] { l }).ToList());
    }

    public static IEnumerable<string> Lines(UserRecord record)
    {
        var to = $"`{record.User}`@`{record.Host}`";
        var global = (Privilege)record.GlobalPrivileges;
        var first = $"GRANT {PrivilegeCatalog.Format(global, GrantLevel.Global)} ON *.* TO {to}";
        if (record.AuthString.Length > 0)
            first += $" IDENTIFIED BY PASSWORD '{record.AuthString}'";
        if (record.RequireSsl)
            first += " REQUIRE SSL";
        yield return first + GrantOption(global);
        foreach (var db in record.DbGrants)
            yield return $"GRANT {PrivilegeCatalog.Format((Privilege)db.Privileges, GrantLevel.Database)} ON `{db.Database}`.* TO {to}{GrantOption((Privilege)db.Privileges)}";
        foreach (var t in record.TableGrants)
            yield return $"GRANT {PrivilegeCatalog.Format((Privilege)t.Privileges, GrantLevel.Table)} ON `{t.Database}`.`{t.Table}` TO {to}{GrantOption((Privilege)t.Privileges)}";
    }

    private static string GrantOption(Privilege privileges) => (privileges & Privilege.GrantOption) != 0 ? " WITH GRANT OPTION" : "";

    // user@host as SHOW GRANTS FOR wrote it (quotes already gone from the user; the host may keep them).
    private static (string User, string Host) Parse(string written)
    {
        var at = written.LastIndexOf('@');
        return at < 0 ? (written.Trim('\'', '"', '`'), "%") : (written[..at].Trim('\'', '"', '`'), written[(at + 1)..].Trim('\'', '"', '`'));
    }
}
