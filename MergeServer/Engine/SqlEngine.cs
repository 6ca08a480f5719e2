using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.MergeServer.Engine.Accounts;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Engine.Planning;

namespace OceanClassic.MergeServer.Engine;

// The MergeServer's SQL engine: one per process, shared by every MySQL connection. It caches the schema
// and tablet locations, and holds the auto-increment blocks; sessions plan and run statements with it.
// The MergeServer role feeds it from the RootServer heartbeat: OnSchemaVersion, OnUpsMaster,
// OnRootTableVersion.
public sealed class SqlEngine : IQueryHandler, IEngineServices
{
    public SqlEngine(IClusterGateway gateway, EngineOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Gateway = gateway;
        Options = options ?? new EngineOptions();
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = factory.CreateLogger("OceanClassic.MergeServer.Engine");
        Schema = new SchemaCache(gateway);
        Locations = new TabletLocationCache(gateway);
        Scanner = new TableScanner(gateway, Locations, Logger);
        Writer = new MutationWriter(gateway, Options.UpsUnavailableBudget, Logger);
        AutoIncrement = new AutoIncrementAllocator(Writer, Options.AutoIncrementBlock);
    }

    public IClusterGateway Gateway { get; }

    public EngineOptions Options { get; }

    public ILogger Logger { get; }

    public SchemaCache Schema { get; }

    public TabletLocationCache Locations { get; }

    public TableScanner Scanner { get; }

    public AutoIncrementAllocator AutoIncrement { get; }

    public MutationWriter Writer { get; }

    // GET_LOCK's user-level locks, shared by this MergeServer's sessions.
    public NamedLocks NamedLocks { get; } = new();

    public void OnSchemaVersion(ulong version) => Schema.OnSchemaVersion(version);

    public void OnUpsMaster(string address) => Gateway.OnUpsMaster(address);

    public void OnRootTableVersion(ulong version) => Locations.OnRootTableVersion(version);

    // The accounts of a schema version (the RootServer's plus the config's bootstrap account), built once per version.
    public AccountDirectory AccountsFor(SchemaSnapshot schema)
    {
        var directory = _accounts;
        if (directory is not null && directory.Version == schema.Version)
            return directory;
        directory = new AccountDirectory(schema.Version, schema.Users, AccountDirectory.Bootstrap(Options.BootstrapUser, Options.BootstrapPassword));
        _accounts = directory;
        return directory;
    }

    private volatile AccountDirectory? _accounts;

    // mysql_native_password login: the account a client logging in as `user` from `clientAddress` is
    // checked against, in the newest schema (null: none, 1045).
    public async ValueTask<LoginAccount?> FindLoginAccountAsync(string user, string clientAddress, CancellationToken ct)
    {
        SchemaSnapshot schema;
        try
        {
            schema = await Schema.GetAsync(ct);
        }
        catch (ClusterUnavailableException)
        {
            // No RootServer reachable: the accounts last loaded (the bootstrap account at least) still log in.
            schema = Schema.Current;
        }
        return AccountsFor(schema).MatchLogin(user, clientAddress) is { } record
            ? new LoginAccount(record.User, record.Host, record.AuthString, record.RequireSsl)
            : null;
    }

    // How execution evaluates a correlated subquery per row (the planner plans it for the row).
    public ICorrelatedSubqueries CorrelatedSubqueries { get; } = new PlannedCorrelatedSubqueries();

    // What the sessions run their statements through (the executors live above the session).
    public IStatementRunner StatementRunner { get; } = new StatementRunner();

    // The open sessions by connection id (KILL finds its target here, SHOW PROCESSLIST lists them).
    public ConcurrentDictionary<uint, SqlSession> Sessions { get; } = new();

    public ValueTask<ISqlSession> OpenSessionAsync(SessionInfo info, CancellationToken ct)
    {
        var session = new SqlSession(this, info);
        Sessions[info.ConnectionId] = session;
        return ValueTask.FromResult<ISqlSession>(session);
    }
}
