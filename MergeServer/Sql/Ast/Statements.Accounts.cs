using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

// Account statements (MergeServer/Engine/Accounts runs them): CREATE / ALTER / DROP USER, SET PASSWORD,
// GRANT and REVOKE.

// 'user'@'host'; a name without a host is 'user'@'%'.
public sealed record AccountName(string User, string Host) : SqlNode
{
    public override void WriteSql(StringBuilder builder) =>
        builder.Append('\'').Append(User.Replace("'", "''", StringComparison.Ordinal)).Append("'@'")
            .Append(Host.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
}

// IDENTIFIED BY 'password' (Password) or IDENTIFIED BY PASSWORD 'hash' / ... AS 'hash' (Hash).
public sealed record AccountAuth(string? Password, string? Hash)
{
    public void WriteSql(StringBuilder builder)
    {
        if (Hash is not null)
            builder.Append(" IDENTIFIED BY PASSWORD '").Append(Hash).Append('\'');
        else
            builder.Append(" IDENTIFIED BY '").Append(Password).Append('\'');
    }
}

public sealed record UserSpec(AccountName Account, AccountAuth? Auth)
{
    public void WriteSql(StringBuilder builder)
    {
        Account.WriteSql(builder);
        Auth?.WriteSql(builder);
    }
}

internal static class AccountSql
{
    public static void WriteUsers(StringBuilder builder, IReadOnlyList<UserSpec> users)
    {
        for (var i = 0; i < users.Count; i++)
        {
            if (i > 0)
                builder.Append(", ");
            users[i].WriteSql(builder);
        }
    }
}

// CREATE [OR REPLACE] USER [IF NOT EXISTS] u [IDENTIFIED ...], ... [REQUIRE SSL | NONE].
public sealed record CreateUserStatement(IReadOnlyList<UserSpec> Users, bool IfNotExists, bool OrReplace, bool? RequireSsl) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(OrReplace ? "CREATE OR REPLACE USER " : "CREATE USER ");
        if (IfNotExists)
            builder.Append("IF NOT EXISTS ");
        AccountSql.WriteUsers(builder, Users);
    }
}

// ALTER USER [IF EXISTS] u [IDENTIFIED ...], ... [REQUIRE SSL | NONE].
public sealed record AlterUserStatement(IReadOnlyList<UserSpec> Users, bool IfExists, bool? RequireSsl) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(IfExists ? "ALTER USER IF EXISTS " : "ALTER USER ");
        AccountSql.WriteUsers(builder, Users);
    }
}

public sealed record DropUserStatement(IReadOnlyList<AccountName> Users, bool IfExists) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(IfExists ? "DROP USER IF EXISTS " : "DROP USER ");
        builder.AppendJoin(", ", Users.Select(u => u.ToSql()));
    }
}

// SET PASSWORD [FOR u] = PASSWORD('pw') | 'hash'; For null = the current account.
public sealed record SetPasswordStatement(AccountName? For, AccountAuth Auth) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("SET PASSWORD");
        if (For is not null)
        {
            builder.Append(" FOR ");
            For.WriteSql(builder);
        }

        builder.Append(Auth.Hash is not null ? $" = '{Auth.Hash}'" : $" = PASSWORD('{Auth.Password}')");
    }
}

// What a GRANT or REVOKE is on: *.* (Database and Table null), db.* (Table null), db.t; a bare `*` or
// table name means the current database (Database null, CurrentDatabase true).
public sealed record GrantObject(string? Database, string? Table, bool CurrentDatabase)
{
    public GrantLevel Level => Table is not null ? GrantLevel.Table : Database is not null || CurrentDatabase ? GrantLevel.Database : GrantLevel.Global;

    public override string ToString() => (Database ?? (CurrentDatabase ? "" : "*")) + (CurrentDatabase && Database is null ? "*" : ".") + (Table ?? "*");
}

// GRANT privileges ON object TO u [IDENTIFIED ...], ... [REQUIRE SSL] [WITH GRANT OPTION];
// REVOKE privileges ON object FROM u, ...; REVOKE ALL PRIVILEGES, GRANT OPTION FROM u, ... (AllFrom).
// All = ALL [PRIVILEGES] (the level's whole set, known once the level is).
public sealed record GrantStatement(bool Revoke, Privilege Privileges, bool All, GrantObject? On, IReadOnlyList<UserSpec> Users,
    bool WithGrantOption, bool? RequireSsl, bool AllFrom = false) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Revoke ? "REVOKE " : "GRANT ");
        builder.Append(All ? "ALL PRIVILEGES" : PrivilegeCatalog.ListNames(Privileges));
        if (AllFrom)
            builder.Append(", GRANT OPTION");
        if (On is not null)
            builder.Append(" ON ").Append(On);
        builder.Append(Revoke ? " FROM " : " TO ");
        AccountSql.WriteUsers(builder, Users);
        if (WithGrantOption)
            builder.Append(" WITH GRANT OPTION");
    }
}
