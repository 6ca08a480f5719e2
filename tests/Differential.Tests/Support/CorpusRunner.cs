using OceanClassic.Differential.Tests.TextProtocol;

namespace OceanClassic.Differential.Tests.Support;

// Runs one corpus file on both servers, statement by statement in file order, each server on its own
// connection inside a fresh database d_<file name>; returns every statement whose outcomes differ.
public sealed class CorpusRunner(Func<string?, string> oceanConnection, Func<string?, string> mariaDbConnection)
{
    public sealed record Difference(string File, CorpusStatement Statement, StatementOutcome Ocean, StatementOutcome MariaDb)
    {
        public override string ToString() =>
            $"{File}:{Statement.Line}: {Statement.Text}\n  OceanClassic: {Ocean.Describe()}\n  MariaDB:      {MariaDb.Describe()}";
    }

    public sealed record Result(int Statements, IReadOnlyList<Difference> Differences);

    public static string DatabaseFor(string file) =>
        "d_" + new string([.. Path.GetFileNameWithoutExtension(file).Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_')]);

    public async Task<Result> RunAsync(string file, IReadOnlyList<CorpusStatement> statements, CancellationToken ct = default)
    {
        var database = DatabaseFor(file);
        await using var ocean = await OpenFreshAsync(oceanConnection, database, ct);
        await using var mariaDb = await OpenFreshAsync(mariaDbConnection, database, ct);
        var sessions = new[] { ocean, mariaDb };
        var differences = new List<Difference>();
        foreach (var statement in statements)
        {
            var outcomes = new StatementOutcome[2];
            for (var s = 0; s < 2; s++)
            {
                outcomes[s] = await StatementOutcome.RunAsync(sessions[s].Connection, statement.Text, ct);
                if (outcomes[s].LostConnection)
                    await sessions[s].ReopenAsync(ct);
            }
            if (statement.SkipReason is null && !outcomes[0].SameAs(outcomes[1], statement.Ordered))
                differences.Add(new Difference(file, statement, outcomes[0], outcomes[1]));
        }
        foreach (var session in sessions)
            await StatementOutcome.RunAsync(session.Connection, $"DROP DATABASE IF EXISTS {database}", ct);
        return new Result(statements.Count, differences);
    }

    private static async Task<Session> OpenFreshAsync(Func<string?, string> connectionString, string database, CancellationToken ct)
    {
        await using (var setup = await RawTextSession.OpenAsync(connectionString(null), ct))
        {
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {database}", $"CREATE DATABASE {database}" })
            {
                var outcome = await StatementOutcome.RunAsync(setup, sql, ct);
                if (outcome.ErrorCode is not null)
                    throw new InvalidOperationException($"{sql}: {outcome.Describe()}");
            }
        }
        var session = new Session(connectionString(database));
        await session.ReopenAsync(ct);
        return session;
    }

    // One server's connection for the file; reopened (same database) when the server drops it.
    private sealed class Session(string connectionString) : IAsyncDisposable
    {
        public RawTextSession Connection { get; private set; } = null!;

        public async Task ReopenAsync(CancellationToken ct)
        {
            if (Connection is not null)
                await Connection.DisposeAsync();
            Connection = await RawTextSession.OpenAsync(connectionString, ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (Connection is not null)
                await Connection.DisposeAsync();
        }
    }
}
