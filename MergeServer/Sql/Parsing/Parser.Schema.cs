using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// DROP, ALTER TABLE, TRUNCATE, ALTER SYSTEM.
public sealed partial class Parser
{
    private Statement ParseDrop()
    {
        Expect("DROP");
        if (Accept("DATABASE") || Accept("SCHEMA"))
        {
            bool ifExists = ParseIfExists();
            return new DropDatabaseStatement(ParseIdentifier(), ifExists);
        }

        if (Accept("PREPARE"))
        {
            return new DeallocatePrepareStatement(ParseIdentifier());
        }

        if (Accept("INDEX"))
        {
            string name = ParseIdentifier();
            Expect("ON");
            return new DropIndexStatement(name, ParseTableName());
        }

        Accept("TEMPORARY");
        Expect("TABLE");
        bool tableIfExists = ParseIfExists();
        var tables = ParseTableNameList();
        if (!Accept("RESTRICT"))
        {
            Accept("CASCADE");
        }

        return new DropTableStatement(tables, tableIfExists);
    }

    private TruncateTableStatement ParseTruncate()
    {
        Expect("TRUNCATE");
        Accept("TABLE");
        return new TruncateTableStatement(ParseTableName());
    }

    private Statement ParseAlter()
    {
        Expect("ALTER");
        if (Accept("SYSTEM"))
        {
            if (Accept("CHECK"))
            {
                Expect("INDEX");
                return new CheckIndexStatement(ParseTableName());
            }

            return ParseAlterSystem();
        }

        Expect("TABLE");
        var table = ParseTableName();
        var actions = new List<AlterTableAction>();
        do
        {
            actions.Add(ParseAlterTableAction());
        }
        while (Accept(TokenKind.Comma));
        return new AlterTableStatement(table, SqlList.From(actions));
    }

    private AlterTableAction ParseAlterTableAction()
    {
        if (Accept("DISABLE") || Accept("ENABLE"))
        {
            bool enable = IsWord(_tokens[_pos - 1], "ENABLE");
            Expect("KEYS");
            return new KeysAction(enable);
        }

        if (ParseDdlAlterAction() is { } ddl)
        {
            return ddl;
        }

        if (Accept("ADD"))
        {
            var constraint = ParseOptionalTableConstraint();
            if (constraint is not null)
            {
                return new AddConstraintAction(constraint);
            }

            Accept("COLUMN");
            return new AddColumnAction(ParseColumnDefinition());
        }

        Expect("DROP");
        if (Accept("INDEX") || Accept("KEY"))
        {
            return new DropIndexAction(ParseIdentifier());
        }

        Accept("COLUMN");
        return new DropColumnAction(ParseIdentifier());
    }

    private AlterSystemStatement ParseAlterSystem()
    {
        if (Accept("MAJOR") || Accept("MINOR"))
        {
            bool major = IsWord(_tokens[_pos - 1], "MAJOR");
            Expect("FREEZE");
            return new AlterSystemStatement(major ? AlterSystemCommand.MajorFreeze : AlterSystemCommand.MinorFreeze);
        }

        if (Accept("SET"))
        {
            var name = ParseIdentifier();
            Expect(TokenKind.Eq);
            var value = Current.Kind == TokenKind.String ? ParseStringValue() : ParseIdentifier();
            return new AlterSystemStatement(AlterSystemCommand.SetParameter, value, name);
        }

        Expect("SWITCH");
        Expect("UPS");
        Expect("MASTER");
        string? target = Accept("TO") ? ParseStringValue() : null;
        return new AlterSystemStatement(AlterSystemCommand.SwitchUpsMaster, target);
    }
}
