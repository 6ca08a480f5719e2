using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// SET in all its forms, and transaction control.
public sealed partial class Parser
{
    private Statement ParseSet()
    {
        Expect("SET");
        if (Accept("NAMES"))
        {
            if (Accept("DEFAULT"))
            {
                return new SetNamesStatement(null, null);
            }

            string charset = ParseNameOrString();
            return new SetNamesStatement(charset, Accept("COLLATE") ? ParseNameOrString() : null);
        }

        if (AcceptCharsetKeyword())
        {
            return new SetCharacterSetStatement(Accept("DEFAULT") ? null : ParseNameOrString());
        }

        var scope = ParseScopeKeyword() ?? VariableScope.Default;
        if (Accept("TRANSACTION"))
        {
            return ParseSetTransaction(scope);
        }

        var assignments = new List<VariableAssignment>();
        do
        {
            // A GLOBAL/SESSION keyword carries over to the following bare names, as in MySQL.
            scope = ParseScopeKeyword() ?? scope;
            var variable = ParseSetTarget(scope);
            if (!Accept(TokenKind.Eq))
            {
                Expect(TokenKind.Assign);
            }

            assignments.Add(new VariableAssignment(variable, ParseSetValue()));
        }
        while (Accept(TokenKind.Comma));
        return new SetStatement(SqlList.From(assignments));
    }

    private VariableScope? ParseScopeKeyword()
    {
        if (Accept("GLOBAL"))
        {
            return VariableScope.Global;
        }

        return Accept("SESSION") || Accept("LOCAL") ? VariableScope.Session : null;
    }

    private Expr ParseSetTarget(VariableScope scope)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.SystemVariable:
                _pos++;
                return SystemVariableOf(token);
            case TokenKind.UserVariable:
                _pos++;
                return UserVariableOf(token);
            default:
                string name = ParseIdentifier();
                if (Accept(TokenKind.Dot))
                {
                    // Component-qualified names (SET @@x.y) are kept dotted.
                    name += "." + ParseIdentifierAfterDot();
                }

                return new SystemVariable(scope, name.ToLowerInvariant());
        }
    }

    // A bare word on the right (ON, OFF, ANSI, utf8mb4) is the string of that word.
    private Expr ParseSetValue()
    {
        if (Is("ON") && Peek(1).Kind is TokenKind.Comma or TokenKind.Semicolon or TokenKind.Eof)
        {
            _pos++;
            return new StringLiteral("ON");
        }

        var value = ParseExpression();
        return value is ColumnRef { Table: null } word ? new StringLiteral(word.Column) : value;
    }

    private SetTransactionStatement ParseSetTransaction(VariableScope scope)
    {
        IsolationLevel? isolation = null;
        bool? readOnly = null;
        do
        {
            if (Accept("ISOLATION"))
            {
                Expect("LEVEL");
                isolation = ParseIsolationLevel();
            }
            else
            {
                Expect("READ");
                readOnly = ParseReadOnlyOrWrite();
            }
        }
        while (Accept(TokenKind.Comma));
        return new SetTransactionStatement(scope, isolation, readOnly);
    }

    private IsolationLevel ParseIsolationLevel()
    {
        if (Accept("SERIALIZABLE"))
        {
            return IsolationLevel.Serializable;
        }

        if (Accept("REPEATABLE"))
        {
            Expect("READ");
            return IsolationLevel.RepeatableRead;
        }

        Expect("READ");
        if (Accept("COMMITTED"))
        {
            return IsolationLevel.ReadCommitted;
        }

        Expect("UNCOMMITTED");
        return IsolationLevel.ReadUncommitted;
    }

    // After READ: ONLY or WRITE.
    private bool ParseReadOnlyOrWrite()
    {
        if (Accept("ONLY"))
        {
            return true;
        }

        Expect("WRITE");
        return false;
    }

    private BeginStatement ParseBegin()
    {
        if (Accept("BEGIN"))
        {
            Accept("WORK");
            return new BeginStatement();
        }

        Expect("START");
        Expect("TRANSACTION");
        bool? readOnly = null;
        bool snapshot = false;
        if (Current.Kind == TokenKind.Identifier)
        {
            do
            {
                if (Accept("WITH"))
                {
                    Expect("CONSISTENT");
                    Expect("SNAPSHOT");
                    snapshot = true;
                }
                else
                {
                    Expect("READ");
                    readOnly = ParseReadOnlyOrWrite();
                }
            }
            while (Accept(TokenKind.Comma));
        }

        return new BeginStatement(readOnly, snapshot);
    }

    private Statement ParseEndTransaction(bool commit)
    {
        _pos++;
        Accept("WORK");
        if (!commit && Is("TO"))
        {
            return ParseRollbackTo();
        }

        return commit ? new CommitStatement() : new RollbackStatement();
    }
}
