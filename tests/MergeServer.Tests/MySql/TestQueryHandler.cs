using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.MySql;

// A scripted engine: recognises a few fixed statements so protocol tests exercise every result shape.
public sealed class TestQueryHandler : IQueryHandler
{
    private static readonly string[] Databases = ["test", "db", "information_schema"];
    private int _disposed;

    private int _opened;

    public int DisposedSessions => Volatile.Read(ref _disposed);

    public int OpenedSessions => Volatile.Read(ref _opened);

    public ValueTask<ISqlSession> OpenSessionAsync(SessionInfo info, CancellationToken ct)
    {
        Interlocked.Increment(ref _opened);
        return ValueTask.FromResult<ISqlSession>(new Session(this, info.Database));
    }

    private sealed record Prepared(int ParameterCount, IReadOnlyList<ResultColumn> Columns) : IPreparedStatement;

    private sealed class Session(TestQueryHandler owner, string? database) : ISqlSession
    {
        private static readonly ResultColumn[] TypeColumns =
        [
            new("i", MySqlColumnType.Long, "t", "test"),
            new("big", MySqlColumnType.LongLong),
            new("d", MySqlColumnType.Double),
            new("dec", MySqlColumnType.NewDecimal, Decimals: 2),
            new("dt", MySqlColumnType.DateTime),
            new("s", MySqlColumnType.VarString),
            new("n", MySqlColumnType.VarString),
            new("u", MySqlColumnType.LongLong, Unsigned: true),
            new("date", MySqlColumnType.Date),
        ];

        private static readonly ResultColumn[] RowColumns =
            [new("id", MySqlColumnType.LongLong, NotNull: true), new("name", MySqlColumnType.VarString)];

        public string? CurrentDatabase { get; private set; } = database;

        public bool InTransaction { get; private set; }

        public int StatementWarningCount => 0;

        public bool Autocommit => true;

        public async ValueTask ExecuteAsync(string sql, IResultSink sink, CancellationToken ct)
        {
            foreach (var raw in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!await ExecuteOneAsync(raw, sink, ct))
                {
                    return;
                }
            }
        }

        public ValueTask<QueryError?> UseDatabaseAsync(string database, CancellationToken ct)
        {
            if (!Databases.Contains(database, StringComparer.OrdinalIgnoreCase))
            {
                return ValueTask.FromResult<QueryError?>(new QueryError(1049, "42000", $"Unknown database '{database}'"));
            }

            CurrentDatabase = database;
            return ValueTask.FromResult<QueryError?>(null);
        }

        // Prepared statements: "select types" (no parameters), or "echo" followed by `?`s, which returns
        // one row holding each parameter as "Type:text".
        public ValueTask<PrepareResult> PrepareAsync(string sql, CancellationToken ct)
        {
            if (sql == "select types")
            {
                return ValueTask.FromResult(new PrepareResult(new Prepared(0, TypeColumns), null));
            }

            if (!sql.StartsWith("echo", StringComparison.Ordinal))
            {
                return ValueTask.FromResult(new PrepareResult(null, new QueryError(1064, "42000", $"You have an error in your SQL syntax near '{sql}'")));
            }

            var count = sql.Count(c => c == '?');
            ResultColumn[] columns = [.. Enumerable.Range(0, count).Select(i => new ResultColumn($"p{i}", MySqlColumnType.VarString))];
            return ValueTask.FromResult(new PrepareResult(new Prepared(count, columns), null));
        }

        public async ValueTask ExecutePreparedAsync(IPreparedStatement statement, IReadOnlyList<ObObj> parameters, IResultSink sink, CancellationToken ct)
        {
            if (ReferenceEquals(statement.Columns, TypeColumns))
            {
                await TypesAsync(sink);
                return;
            }

            if (parameters.Count == 0)
            {
                sink.Ok(0, 0);
                return;
            }

            var writer = sink.BeginResultSet(statement.Columns);
            await writer.WriteRow([.. parameters.Select(p => p.IsNull ? null : $"{p.Type}:{p.ToText()}")]);
            await writer.End();
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref owner._disposed);
            return default;
        }

        private async ValueTask<bool> ExecuteOneAsync(string statement, IResultSink sink, CancellationToken ct)
        {
            var words = statement.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var verb = words[0].ToUpperInvariant();
            switch (verb)
            {
                case "SELECT" when words.Length > 1 && words[1].StartsWith("@@", StringComparison.Ordinal):
                    await SingleAsync(sink, new ResultColumn(words[1], MySqlColumnType.VarString), "OceanClassic test");
                    return true;
                case "SELECT" when words.Length == 2 && long.TryParse(words[1], out _):
                    await SingleAsync(sink, new ResultColumn(words[1], MySqlColumnType.LongLong), words[1]);
                    return true;
                case "SELECT" when words.Length == 2 && words[1] == "null":
                    await SingleAsync(sink, new ResultColumn("NULL", MySqlColumnType.Null), null);
                    return true;
                case "SELECT" when words.Length == 2 && words[1] == "types":
                    await TypesAsync(sink);
                    return true;
                case "SELECT" when words.Length == 3 && words[1] == "rows":
                    await RowsAsync(sink, int.Parse(words[2]), 0, ct);
                    return true;
                case "SELECT" when words.Length == 3 && words[1] == "big":
                    await RowsAsync(sink, int.Parse(words[2]), 1024, ct);
                    return true;
                case "SELECT" when words.Length == 2 && words[1] == "failing":
                    var rows = sink.BeginResultSet(RowColumns);
                    await rows.WriteRow(["1", "one"]);
                    sink.Error(new QueryError(1105, "HY000", "ChunkServer lost"));
                    return false;
                case "INSERT":
                    sink.Ok(3, 42);
                    return true;
                case "UPDATE":
                    sink.Ok(7, 0, "Rows matched: 7  Changed: 7  Warnings: 0");
                    return true;
                case "BEGIN":
                    InTransaction = true;
                    sink.Ok(0, 0);
                    return true;
                case "COMMIT" or "ROLLBACK":
                    InTransaction = false;
                    sink.Ok(0, 0);
                    return true;
                case "SET":
                    sink.Ok(0, 0);
                    return true;
                case "USE":
                    if (await UseDatabaseAsync(words[1], ct) is { } error)
                    {
                        sink.Error(error);
                        return false;
                    }

                    sink.Ok(0, 0);
                    return true;
                case "THROW":
                    throw new InvalidOperationException("engine bug");
                default:
                    sink.Error(new QueryError(1064, "42000", $"You have an error in your SQL syntax near '{statement}'"));
                    return false;
            }
        }

        private static async ValueTask SingleAsync(IResultSink sink, ResultColumn column, string? value)
        {
            var writer = sink.BeginResultSet([column]);
            await writer.WriteRow([value]);
            await writer.End();
        }

        private static async ValueTask TypesAsync(IResultSink sink)
        {
            var writer = sink.BeginResultSet(TypeColumns);
            await writer.WriteRow(["42", "-9000000000", "3.5", "12.34", "2024-01-02 03:04:05.250000", "héllo", null, "18446744073709551615", "2024-02-29"]);
            await writer.End();
        }

        private static async ValueTask RowsAsync(IResultSink sink, int count, int padding, CancellationToken ct)
        {
            var pad = new string('x', padding);
            var writer = sink.BeginResultSet(RowColumns);
            for (var i = 1; i <= count; i++)
            {
                ct.ThrowIfCancellationRequested();
                await writer.WriteRow([i.ToString(System.Globalization.CultureInfo.InvariantCulture), padding == 0 ? $"row{i}" : pad]);
            }

            await writer.End();
        }
    }
}
