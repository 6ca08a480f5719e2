using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OceanClassic.MergeServer.Engine.Accounts;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Schema;

namespace OceanClassic.MergeServer.Engine.Session;

// What a session and its statements use of the engine: the caches, the cluster's read and write paths,
// and the two runners the folders above this one implement (IStatementRunner, ICorrelatedSubqueries).
// SqlEngine, at the engine's root above every folder, implements it; a session and its StatementContext
// hold the engine through it, so that this folder needs nothing above it.
public interface IEngineServices
{
    IClusterGateway Gateway { get; }

    EngineOptions Options { get; }

    ILogger Logger { get; }

    SchemaCache Schema { get; }

    TabletLocationCache Locations { get; }

    TableScanner Scanner { get; }

    MutationWriter Writer { get; }

    AutoIncrementAllocator AutoIncrement { get; }

    // GET_LOCK's user-level locks, shared by this MergeServer's sessions.
    NamedLocks NamedLocks { get; }

    // The open sessions by connection id (KILL finds its target here, SHOW PROCESSLIST lists them).
    ConcurrentDictionary<uint, SqlSession> Sessions { get; }

    // How execution evaluates a correlated subquery per row (the planner plans it for the row).
    ICorrelatedSubqueries CorrelatedSubqueries { get; }

    // What the sessions run their statements through (the executors live above the session).
    IStatementRunner StatementRunner { get; }

    // The accounts of a schema version (the RootServer's plus the config's bootstrap account), built once per version.
    AccountDirectory AccountsFor(SchemaSnapshot schema);
}
