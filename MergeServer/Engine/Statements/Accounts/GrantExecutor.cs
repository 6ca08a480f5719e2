using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Accounts;

// GRANT and REVOKE at the global (*.*), database (db.*) and table (db.t) level, as MariaDB 10.11:
// a privilege outside the level is 1221 (database) or 1144 (table); a table grant needs the table
// (1146); GRANT to an account that does not exist creates it only with IDENTIFIED BY (else 1133, as
// under NO_AUTO_CREATE_USER); REVOKE of a database or table grant the account lacks is 1141 / 1147.
// The grantor needs GRANT OPTION and the privileges it hands out at that level (1142 / 1044 / 1045).
public static class GrantExecutor
{
    public static ValueTask ExecuteAsync(GrantStatement s, StatementContext context, IResultSink sink)
    {
        if (s.AllFrom)
            return RevokeEverythingAsync(s, context, sink);
        var on = s.On!;
        var level = on.Level;
        var database = on.Database ?? (on.CurrentDatabase ? context.RequireDatabase(null) : null);
        var privileges = (s.All ? PrivilegeCatalog.AllAt(level) : s.Privileges) | (s.WithGrantOption ? Privilege.GrantOption : Privilege.None);
        if ((privileges & ~PrivilegeCatalog.AllowedAt(level)) != 0)
        {
            if (level == GrantLevel.Database)
                SqlError.Throw(ErrorCodes.WrongUsage, "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES");
            SqlError.Throw(ErrorCodes.IllegalGrantForTable, "Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used");
        }
        RequireGrantor(context, level, database, on.Table, privileges & ~Privilege.GrantOption);
        UserStatementExecutor.CheckHashes(s.Users);
        return s.Revoke ? RevokeAsync(s, context, sink, level, database, on.Table, privileges) : GrantAsync(s, context, sink, level, database, on.Table, privileges);
    }

    private static async ValueTask GrantAsync(GrantStatement s, StatementContext context, IResultSink sink, GrantLevel level, string? database,
        string? table, Privilege privileges)
    {
        if (level == GrantLevel.Table)
        {
            // The table must exist; its name is kept as created.
            var found = await context.ResolveTableAsync(new TableName(database, table!), Privilege.None);
            (database, table) = (found.Database, found.Name);
        }
        await AccountChangePlan.ApplyAsync(context, sink, directory =>
        {
            var plan = new AccountChangePlan();
            foreach (var spec in s.Users)
            {
                var (user, host) = UserStatementExecutor.Resolve(spec.Account, context);
                var existing = directory.Find(user, host);
                var auth = UserStatementExecutor.AuthString(spec.Auth);
                if (existing is null && auth is null)
                {
                    plan.Error = SqlError.FromCode(ErrorCodes.PasswordNoMatch, "Can't find any matching row in the user table");
                    plan.Request.Changes.Clear();
                    return plan;
                }
                var record = existing?.Clone() ?? new UserRecord { User = user, Host = host };
                if (auth is not null)
                    record.AuthString = auth;
                if (s.RequireSsl is { } ssl)
                    record.RequireSsl = ssl;
                Add(record, level, database, table, privileges);
                plan.Set(record, existing);
            }
            return plan;
        });
    }

    private static ValueTask RevokeAsync(GrantStatement s, StatementContext context, IResultSink sink, GrantLevel level, string? database,
        string? table, Privilege privileges) =>
        AccountChangePlan.ApplyAsync(context, sink, directory =>
        {
            var plan = new AccountChangePlan();
            foreach (var spec in s.Users)
            {
                var (user, host) = UserStatementExecutor.Resolve(spec.Account, context);
                if (directory.Find(user, host) is not { } existing)
                {
                    plan.Error = NoSuchGrant(user, host);
                    continue;
                }
                var record = existing.Clone();
                if (Remove(record, level, database, table, privileges) is { } error)
                {
                    plan.Error = error;
                    continue;
                }
                plan.Set(record, existing);
            }
            return plan;
        });

    // REVOKE ALL PRIVILEGES, GRANT OPTION FROM u: every grant at every level (needs CREATE USER).
    private static ValueTask RevokeEverythingAsync(GrantStatement s, StatementContext context, IResultSink sink)
    {
        AccessCheck.RequireGlobal(context, Privilege.CreateUser);
        return AccountChangePlan.ApplyAsync(context, sink, directory =>
        {
            var plan = new AccountChangePlan();
            var failed = new List<string>();
            foreach (var spec in s.Users)
            {
                var (user, host) = UserStatementExecutor.Resolve(spec.Account, context);
                if (directory.Find(user, host) is not { } existing)
                {
                    failed.Add(AccountChangePlan.Quoted(user, host));
                    continue;
                }
                var record = existing.Clone();
                record.GlobalPrivileges = 0;
                record.DbGrants.Clear();
                record.TableGrants.Clear();
                plan.Set(record, existing);
            }
            if (failed.Count > 0)
                plan.Error = SqlError.FromCode(ErrorCodes.CannotUser, $"Operation REVOKE failed for {string.Join(',', failed)}");
            return plan;
        });
    }

    private static void Add(UserRecord record, GrantLevel level, string? database, string? table, Privilege privileges)
    {
        switch (level)
        {
            case GrantLevel.Global:
                record.GlobalPrivileges |= (ulong)privileges;
                break;
            case GrantLevel.Database:
                if (record.DbGrants.FirstOrDefault(g => Same(g.Database, database!)) is { } db)
                    db.Privileges |= (ulong)privileges;
                else
                    record.DbGrants.Add(new DbGrant { Database = database!, Privileges = (ulong)privileges });
                break;
            default:
                if (record.TableGrants.FirstOrDefault(g => Same(g.Database, database!) && Same(g.Table, table!)) is { } t)
                    t.Privileges |= (ulong)privileges;
                else
                    record.TableGrants.Add(new TableGrant { Database = database!, Table = table!, Privileges = (ulong)privileges });
                break;
        }
    }

    private static SqlError? Remove(UserRecord record, GrantLevel level, string? database, string? table, Privilege privileges)
    {
        switch (level)
        {
            case GrantLevel.Global:
                record.GlobalPrivileges &= ~(ulong)privileges;
                return null;
            case GrantLevel.Database:
                {
                    if (record.DbGrants.FirstOrDefault(g => Same(g.Database, database!)) is not { } db)
                        return NoSuchGrant(record.User, record.Host);
                    db.Privileges &= ~(ulong)privileges;
                    if (db.Privileges == 0)
                        record.DbGrants.Remove(db);
                    return null;
                }
            default:
                {
                    if (record.TableGrants.FirstOrDefault(g => Same(g.Database, database!) && Same(g.Table, table!)) is not { } t)
                    {
                        return SqlError.FromCode(ErrorCodes.NonexistingTableGrant,
                            $"There is no such grant defined for user '{record.User}' on host '{record.Host}' on table '{table}'");
                    }
                    t.Privileges &= ~(ulong)privileges;
                    if (t.Privileges == 0)
                        record.TableGrants.Remove(t);
                    return null;
                }
        }
    }

    // The grantor holds GRANT OPTION and what it grants at that level.
    private static void RequireGrantor(StatementContext context, GrantLevel level, string? database, string? table, Privilege privileges)
    {
        var held = context.Privileges;
        var needed = privileges | Privilege.GrantOption;
        switch (level)
        {
            case GrantLevel.Global when (held.Global & needed) != needed:
                SqlError.Throw(ErrorCodes.AccessDenied, $"Access denied for user '{context.Session.User}'@'{context.Session.AccountHost}' (using password: YES)");
                break;
            case GrantLevel.Database when (held.OnDatabase(database!) & needed) != needed:
                throw AccessCheck.DatabaseDenied(context.Session, database!);
            case GrantLevel.Table when (held.OnTable(database!, table!) & needed) != needed:
                throw AccessCheck.TableDenied(context, "GRANT", database!, table!);
        }
    }

    public static SqlError NoSuchGrant(string user, string host) =>
        SqlError.FromCode(ErrorCodes.NonexistingGrant, $"There is no such grant defined for user '{user}' on host '{host}'");

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
