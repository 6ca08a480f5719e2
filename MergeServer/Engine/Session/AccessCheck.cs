using OceanClassic.MergeServer.Engine.Accounts;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Schema;

namespace OceanClassic.MergeServer.Engine.Session;

// The privilege checks statements make before they touch anything, with MariaDB's errors: 1142 for a
// table (naming the client as 'user'@'client host'), 1044 for a database (naming the account), 1227 for
// an administrative privilege. A table's check comes before its lookup, so a table the user may not
// use is 1142 whether it exists or not, as in MariaDB.
public static class AccessCheck
{
    public static void RequireTable(StatementContext context, string database, string table, Privilege needed)
    {
        var privileges = context.Privileges;
        if (privileges.Unrestricted || (privileges.OnTable(database, table) & needed) == needed)
            return;
        throw TableDenied(context, PrivilegeCatalog.ListNames(needed), database, table);
    }

    // SHOW CREATE TABLE and the like: any privilege on the table will do.
    public static void RequireAnyOnTable(StatementContext context, string database, string table, string command)
    {
        if (!context.Privileges.SeesTable(database, table))
            throw TableDenied(context, command, database, table);
    }

    public static SqlError TableDenied(StatementContext context, string command, string database, string table) =>
        SqlError.FromCode(ErrorCodes.TableAccessDenied,
            $"{command} command denied to user '{context.Session.User}'@'{HostPatterns.ClientHost(context.Session.ClientAddress)}' for table `{database}`.`{table}`");

    public static void RequireDatabase(StatementContext context, string database, Privilege needed)
    {
        var privileges = context.Privileges;
        if (privileges.Unrestricted || (privileges.OnDatabase(database) & needed) == needed)
            return;
        throw DatabaseDenied(context.Session, database);
    }

    public static void RequireSeesDatabase(StatementContext context, string database)
    {
        if (!context.Privileges.SeesDatabase(database))
            throw DatabaseDenied(context.Session, database);
    }

    public static SqlError DatabaseDenied(SqlSession session, string database) =>
        SqlError.FromCode(ErrorCodes.DbAccessDenied, $"Access denied for user '{session.User}'@'{session.AccountHost}' to database '{database}'");

    // The cluster's __all_* views show its layout and state: PROCESS (information_schema is for all).
    public static void RequireSystemView(StatementContext context, string? database)
    {
        if (!string.Equals(database, SchemaSnapshot.InformationSchema, StringComparison.OrdinalIgnoreCase))
            RequireGlobal(context, Privilege.Process);
    }

    // An administrative statement: any one of `anyOf` will do.
    public static void RequireGlobal(StatementContext context, Privilege anyOf)
    {
        if ((context.Privileges.Global & anyOf) != 0)
            return;
        throw SqlError.FromCode(ErrorCodes.SpecificAccessDenied,
            $"Access denied; you need (at least one of) the {PrivilegeCatalog.ListNames(anyOf)} privilege(s) for this operation");
    }
}
