namespace OceanClassic.MergeServer.MySql;

// The seam between the MySQL wire protocol and the SQL engine.
public interface IQueryHandler
{
    // Called once per connection after auth. SessionInfo.Database is the database the client asked for;
    // the session then validates it with UseDatabaseAsync (an error there is sent to the client as the
    // connect failure, e.g. 1049).
    ValueTask<ISqlSession> OpenSessionAsync(SessionInfo info, CancellationToken ct);
}
