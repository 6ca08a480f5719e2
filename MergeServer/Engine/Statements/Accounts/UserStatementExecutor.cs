using OceanClassic.Common.MySql;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Accounts;

// CREATE / ALTER / DROP USER and SET PASSWORD with MariaDB 10.11's outcomes: the accounts that can be
// changed are, the others end the statement with 1396 naming them all ('a'@'%','b'@'%'); IF [NOT] EXISTS
// turns those into notes 1973/1974. They need the CREATE USER privilege (1227); SET PASSWORD for another
// account needs UPDATE on the mysql database (1044), for one's own none.
public static class UserStatementExecutor
{
    public static ValueTask CreateAsync(CreateUserStatement s, StatementContext context, IResultSink sink)
    {
        AccessCheck.RequireGlobal(context, Privilege.CreateUser);
        CheckHashes(s.Users);
        return AccountChangePlan.ApplyAsync(context, sink, directory => PerAccount(s.Users, spec => spec.Account, context, "CREATE USER",
            s.IfNotExists, (ErrorCodes.UserCreateExists, "Can't create user {0}; it already exists"), (plan, user, host, spec) =>
            {
                var existing = directory.Find(user, host);
                if (existing is not null && !s.OrReplace)
                    return false;
                plan.Set(new UserRecord { User = user, Host = host, AuthString = AuthString(spec.Auth) ?? "", RequireSsl = s.RequireSsl ?? false }, existing);
                return true;
            }));
    }

    public static ValueTask AlterAsync(AlterUserStatement s, StatementContext context, IResultSink sink)
    {
        AccessCheck.RequireGlobal(context, Privilege.CreateUser);
        CheckHashes(s.Users);
        return AccountChangePlan.ApplyAsync(context, sink, directory => PerAccount(s.Users, spec => spec.Account, context, "ALTER USER",
            s.IfExists, (ErrorCodes.CannotUser, "Operation ALTER USER failed for {0}"), (plan, user, host, spec) =>
            {
                if (directory.Find(user, host) is not { } existing)
                    return false;
                var record = existing.Clone();
                if (AuthString(spec.Auth) is { } auth)
                    record.AuthString = auth;
                if (s.RequireSsl is { } ssl)
                    record.RequireSsl = ssl;
                plan.Set(record, existing);
                return true;
            }));
    }

    public static ValueTask DropAsync(DropUserStatement s, StatementContext context, IResultSink sink)
    {
        AccessCheck.RequireGlobal(context, Privilege.CreateUser);
        return AccountChangePlan.ApplyAsync(context, sink, directory => PerAccount(s.Users, account => account, context, "DROP USER",
            s.IfExists, (ErrorCodes.UserDropExists, "Can't drop user {0}; it doesn't exist"), (plan, user, host, _) =>
            {
                if (directory.Find(user, host) is not { } existing)
                    return false;
                plan.Drop(existing);
                return true;
            }));
    }

    public static ValueTask SetPasswordAsync(SetPasswordStatement s, StatementContext context, IResultSink sink)
    {
        var (user, host) = s.For is null ? (context.Session.User, context.Session.AccountHost) : Resolve(s.For, context);
        if (user != context.Session.User || !string.Equals(host, context.Session.AccountHost, StringComparison.OrdinalIgnoreCase))
            AccessCheck.RequireDatabase(context, "mysql", Privilege.Update);
        var auth = AuthString(s.Auth)!;
        return AccountChangePlan.ApplyAsync(context, sink, directory =>
        {
            var plan = new AccountChangePlan();
            if (directory.Find(user, host) is not { } existing)
            {
                plan.Error = SqlError.FromCode(ErrorCodes.PasswordNoMatch, "Can't find any matching row in the user table");
                return plan;
            }
            var record = existing.Clone();
            record.AuthString = auth;
            plan.Set(record, existing);
            return plan;
        });
    }

    // CURRENT_USER (written as an empty name and host) is the session's account.
    public static (string User, string Host) Resolve(AccountName account, StatementContext context) =>
        account.User.Length == 0 && account.Host.Length == 0 ? (context.Session.User, context.Session.AccountHost) : (account.User, account.Host);

    // The stored hash IDENTIFIED BY gives; null when the statement names no password.
    public static string? AuthString(AccountAuth? auth)
    {
        if (auth is null)
            return null;
        if (auth.Hash is { } hash)
        {
            if (!NativePassword.IsHash(hash))
                SqlError.Throw(ErrorCodes.PasswordFormat, "Password hash should be a 41-digit hexadecimal number");
            return hash.ToUpperInvariant();
        }
        return NativePassword.Hash(auth.Password ?? "");
    }

    public static void CheckHashes(IEnumerable<UserSpec> users)
    {
        foreach (var spec in users)
            AuthString(spec.Auth);
    }

    // One account statement over its accounts: `change` adds an account's change to the plan, or answers
    // false when the account is in the wrong state for it (existing for CREATE, missing for ALTER / DROP).
    // With IF [NOT] EXISTS such an account is a note (`note`'s format names it); otherwise the statement
    // fails with 1396 naming every such account, as MariaDB does.
    private static AccountChangePlan PerAccount<T>(IEnumerable<T> accounts, Func<T, AccountName> name, StatementContext context, string operation,
        bool ifClause, (int Code, string Format) note, Func<AccountChangePlan, string, string, T, bool> change)
    {
        var plan = new AccountChangePlan();
        var failed = new List<string>();
        foreach (var account in accounts)
        {
            var (user, host) = Resolve(name(account), context);
            if (change(plan, user, host, account))
                continue;
            var quoted = AccountChangePlan.Quoted(user, host);
            if (ifClause)
                plan.Notes.Add((note.Code, string.Format(System.Globalization.CultureInfo.InvariantCulture, note.Format, quoted)));
            else
                failed.Add(quoted);
        }
        plan.Error = Failed(operation, failed);
        return plan;
    }

    private static SqlError? Failed(string operation, List<string> accounts) =>
        accounts.Count == 0 ? null : SqlError.FromCode(ErrorCodes.CannotUser, $"Operation {operation} failed for {string.Join(',', accounts)}");
}
