using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// CREATE / ALTER / DROP USER, SET PASSWORD, GRANT and REVOKE (MariaDB 10.11 syntax; column-level
// privileges, roles and authentication plugins other than mysql_native_password are syntax errors).
public sealed partial class Parser
{
    private bool AtAccountStatement() => CurrentWord() switch
    {
        "CREATE" => IsAt(1, "USER") || (IsAt(1, "OR") && IsAt(2, "REPLACE") && IsAt(3, "USER")),
        "ALTER" or "DROP" => IsAt(1, "USER"),
        "SET" => IsAt(1, "PASSWORD") && (Peek(2).Kind == TokenKind.Eq || IsAt(2, "FOR")),
        "GRANT" or "REVOKE" => true,
        _ => false,
    };

    private Statement ParseAccountStatement() => CurrentWord() switch
    {
        "CREATE" => ParseCreateUser(),
        "ALTER" => ParseAlterUser(),
        "DROP" => ParseDropUser(),
        "SET" => ParseSetPassword(),
        _ => ParseGrant(),
    };

    private CreateUserStatement ParseCreateUser()
    {
        Expect("CREATE");
        var orReplace = Accept("OR");
        if (orReplace)
            Expect("REPLACE");
        Expect("USER");
        var ifNotExists = false;
        if (Accept("IF"))
        {
            Expect("NOT");
            Expect("EXISTS");
            ifNotExists = true;
        }
        var users = ParseUserSpecs();
        return new CreateUserStatement(users, ifNotExists, orReplace, ParseRequireSsl());
    }

    private AlterUserStatement ParseAlterUser()
    {
        Expect("ALTER");
        Expect("USER");
        var ifExists = false;
        if (Accept("IF"))
        {
            Expect("EXISTS");
            ifExists = true;
        }
        var users = ParseUserSpecs();
        return new AlterUserStatement(users, ifExists, ParseRequireSsl());
    }

    private DropUserStatement ParseDropUser()
    {
        Expect("DROP");
        Expect("USER");
        var ifExists = false;
        if (Accept("IF"))
        {
            Expect("EXISTS");
            ifExists = true;
        }
        var users = new List<AccountName> { ParseAccountName() };
        while (Accept(TokenKind.Comma))
            users.Add(ParseAccountName());
        return new DropUserStatement(users, ifExists);
    }

    // SET PASSWORD [FOR u] = PASSWORD('pw') | 'hash'
    private SetPasswordStatement ParseSetPassword()
    {
        Expect("SET");
        Expect("PASSWORD");
        AccountName? account = Accept("FOR") ? ParseAccountName() : null;
        Expect(TokenKind.Eq);
        if (Accept("PASSWORD"))
        {
            Expect(TokenKind.LParen);
            var password = ParseStringValue();
            Expect(TokenKind.RParen);
            return new SetPasswordStatement(account, new AccountAuth(password, null));
        }
        return new SetPasswordStatement(account, new AccountAuth(null, ParseStringValue()));
    }

    private GrantStatement ParseGrant()
    {
        var revoke = CurrentWord() == "REVOKE";
        _pos++;
        var privileges = Privilege.None;
        var all = false;
        var grantOption = false;
        do
        {
            var words = new List<string>();
            while (Current.Kind == TokenKind.Identifier && !Is("ON") && !(revoke && Is("FROM")))
                words.Add(TextOf(Advance()).ToString().ToUpperInvariant());
            if (words.Count == 0)
                throw Error();
            var name = string.Join(' ', words);
            if (name is "ALL" or "ALL PRIVILEGES")
                all = true;
            else if (name == "USAGE")
            {
            }
            else if (name == "GRANT OPTION")
                grantOption = true;
            else if (PrivilegeCatalog.TryParse(name, out var privilege))
                privileges |= privilege;
            else
                throw Error();
        }
        while (Accept(TokenKind.Comma));

        // REVOKE ALL [PRIVILEGES], GRANT OPTION FROM u, ...: every privilege at every level.
        if (revoke && all && grantOption && Accept("FROM"))
            return new GrantStatement(true, Privilege.None, true, null, ParseUserSpecs(allowAuth: false), false, null, AllFrom: true);

        if (grantOption)
            privileges |= Privilege.GrantOption;
        Expect("ON");
        Accept("TABLE");
        var on = ParseGrantObject();
        if (revoke)
        {
            Expect("FROM");
            return new GrantStatement(true, privileges, all, on, ParseUserSpecs(allowAuth: false), false, null);
        }

        Expect("TO");
        var users = ParseUserSpecs();
        var requireSsl = ParseRequireSsl();
        var withGrantOption = false;
        if (Accept("WITH"))
        {
            Expect("GRANT");
            Expect("OPTION");
            withGrantOption = true;
        }
        return new GrantStatement(false, privileges, all, on, users, withGrantOption, requireSsl);
    }

    // *.* | * | db.* | db.t | t
    private GrantObject ParseGrantObject()
    {
        if (Accept(TokenKind.Star))
        {
            if (!Accept(TokenKind.Dot))
                return new GrantObject(null, null, CurrentDatabase: true);
            Expect(TokenKind.Star);
            return new GrantObject(null, null, CurrentDatabase: false);
        }

        var first = ParseIdentifier();
        if (!Accept(TokenKind.Dot))
            return new GrantObject(null, first, CurrentDatabase: true);
        if (Accept(TokenKind.Star))
            return new GrantObject(first, null, CurrentDatabase: false);
        return new GrantObject(first, ParseIdentifierAfterDot(), CurrentDatabase: false);
    }

    private List<UserSpec> ParseUserSpecs(bool allowAuth = true)
    {
        var users = new List<UserSpec>();
        do
        {
            var account = ParseAccountName();
            users.Add(new UserSpec(account, allowAuth ? ParseAccountAuth() : null));
        }
        while (Accept(TokenKind.Comma));
        return users;
    }

    // IDENTIFIED BY 'pw' | IDENTIFIED BY PASSWORD 'hash' | IDENTIFIED {VIA | WITH} mysql_native_password
    // [{USING | AS} PASSWORD('pw') | 'hash']
    private AccountAuth? ParseAccountAuth()
    {
        if (!Accept("IDENTIFIED"))
            return null;
        if (Accept("BY"))
        {
            if (Accept("PASSWORD"))
                return new AccountAuth(null, ParseStringValue());
            return new AccountAuth(ParseStringValue(), null);
        }

        if (!Accept("VIA"))
            Expect("WITH");
        var plugin = ParseNameOrString();
        if (!string.Equals(plugin, Common.MySql.NativePassword.PluginName, StringComparison.OrdinalIgnoreCase))
            throw Error();
        if (!Accept("USING") && !Accept("AS"))
            return new AccountAuth("", null);
        if (Accept("PASSWORD"))
        {
            Expect(TokenKind.LParen);
            var password = ParseStringValue();
            Expect(TokenKind.RParen);
            return new AccountAuth(password, null);
        }
        return new AccountAuth(null, ParseStringValue());
    }

    // REQUIRE SSL | REQUIRE NONE; null = not said.
    private bool? ParseRequireSsl()
    {
        if (!Accept("REQUIRE"))
            return null;
        if (Accept("NONE"))
            return false;
        Expect("SSL");
        return true;
    }

    // 'user'@'host', user@host, CURRENT_USER[()] (the host is then empty: the session's account).
    private AccountName ParseAccountName()
    {
        if (Accept("CURRENT_USER"))
        {
            if (Accept(TokenKind.LParen))
                Expect(TokenKind.RParen);
            return new AccountName("", "");
        }

        var user = ParseNameOrString();
        if (Current.Kind != TokenKind.UserVariable)
            return new AccountName(user, "%");
        var host = TextOf(Advance())[1..];
        return new AccountName(user, host.Length > 0 && host[0] is '\'' or '"' or '`' ? Unquote(host) : host.ToString());
    }
}
