namespace OceanClassic.MergeServer.Engine.Session;

// The session's transaction seam. This stage is autocommit-only: each statement is atomic on its own
// (one UPS apply), BEGIN/COMMIT/ROLLBACK only track state. The next stage makes an open transaction a
// session on the UpdateServer (row locks held to commit, reads of its own writes) behind this class.
public sealed class SessionTransaction
{
    public bool Active { get; private set; }

    public void Begin() => Active = true;

    public void Commit() => Active = false;

    public void Rollback() => Active = false;
}
