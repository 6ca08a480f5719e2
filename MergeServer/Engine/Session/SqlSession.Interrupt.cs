using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Session;

// KILL support: each statement runs under a token linked to the connection's, which KILL QUERY from
// another session cancels (the statement fails with 1317 and the connection goes on); KILL CONNECTION
// also closes the connection. The linked source is made once and reused until a kill fires, so a
// statement costs no allocation for it.
public sealed partial class SqlSession
{
    private readonly Lock _interruptLock = new();
    private CancellationTokenSource? _interrupt;
    private CancellationToken _interruptParent;

    // The statement running now (SHOW PROCESSLIST's Info), null between statements.
    public Statement? CurrentStatement { get; private set; }

    // When the running statement started, or the session went idle (SHOW PROCESSLIST's Time).
    public DateTime CommandSinceUtc { get; private set; } = DateTime.UtcNow;

    // KILL QUERY: interrupts the running statement; nothing when the session is idle.
    public void InterruptStatement()
    {
        lock (_interruptLock)
        {
            if (CurrentStatement is not null)
                _interrupt?.Cancel();
        }
    }

    // KILL [CONNECTION]: interrupts the statement and closes the connection.
    public void Kill()
    {
        lock (_interruptLock)
            _interrupt?.Cancel();
        _info.Disconnect?.Invoke();
    }

    private CancellationToken StatementToken(CancellationToken ct)
    {
        lock (_interruptLock)
        {
            if (_interrupt is null || _interrupt.IsCancellationRequested || _interruptParent != ct)
            {
                _interrupt?.Dispose();
                _interrupt = CancellationTokenSource.CreateLinkedTokenSource(ct);
                _interruptParent = ct;
            }
            return _interrupt.Token;
        }
    }
}
