namespace OceanClassic.MergeServer.MySql;

// The seam between the MySQL wire protocol and the SQL engine.
public interface IQueryHandler
{
    // Called once per connection after auth. SessionInfo.Database is the database the client asked for;
    // the session then validates it with UseDatabaseAsync (an error there is sent to the client as the
    // connect failure, e.g. 1049).
    ValueTask<ISqlSession> OpenSessionAsync(SessionInfo info, CancellationToken ct);

    // The account a login as `user` from `clientAddress` is checked against; null: no such account (1045).
    // A handler without accounts of its own leaves logins to the listener's configured user (Unmanaged).
    ValueTask<LoginAccount?> FindLoginAccountAsync(string user, string clientAddress, CancellationToken ct) =>
        ValueTask.FromResult<LoginAccount?>(LoginAccount.Unmanaged);
}

// An account as a login checks it: its stored mysql_native_password hash ('*' + 40 hex digits, or empty)
// and whether it requires TLS.
public sealed record LoginAccount(string User, string Host, string AuthString, bool RequireSsl)
{
    public static LoginAccount Unmanaged { get; } = new("", "", "", false);
}
