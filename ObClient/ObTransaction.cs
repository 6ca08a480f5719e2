using System.Data;
using System.Data.Common;

namespace OceanClassic.ObClient;

// BEGIN ... COMMIT/ROLLBACK on the connection's MergeServer session.
public sealed class ObTransaction : DbTransaction
{
    private ObConnection? _connection;

    internal ObTransaction(ObConnection connection) => _connection = connection;

    public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

    protected override DbConnection? DbConnection => _connection;

    public override Task CommitAsync(CancellationToken cancellationToken = default) => FinishAsync("COMMIT", cancellationToken);

    public override Task RollbackAsync(CancellationToken cancellationToken = default) => FinishAsync("ROLLBACK", cancellationToken);

    public override void Commit() => CommitAsync().GetAwaiter().GetResult();

    public override void Rollback() => RollbackAsync().GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        if (_connection is { State: ConnectionState.Open })
        {
            await RollbackAsync();
        }

        _connection = null;
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _connection is { State: ConnectionState.Open })
        {
            Rollback();
        }

        _connection = null;
        base.Dispose(disposing);
    }

    private async Task FinishAsync(string statement, CancellationToken ct)
    {
        var connection = _connection ?? throw new InvalidOperationException("The transaction has already completed.");
        _connection = null;
        await using var command = new ObCommand(statement, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
