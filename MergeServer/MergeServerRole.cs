using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using OceanClassic.Common.Config;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer;

// The MergeServer process: the SQL engine behind a MySQL listener, fed by the RootServer heartbeat
// (UPS master, schema version, root table version). Stateless: nothing to start or stop on disk.
public sealed class MergeServerRole : IRoleService
{
    private readonly RoleContext _context;
    private readonly MsOptions _options;
    private readonly SqlEngine _engine;

    public MergeServerRole(RoleContext context)
    {
        _context = context;
        _options = context.BindOptions<MsOptions>();
        var gateway = new RpcClusterGateway(context.Clients, context.RootServer, ConfigDuration.Parse(context.Server.RpcTimeout));
        _engine = new SqlEngine(gateway, new EngineOptions
        {
            JoinMemoryLimit = _options.JoinMemoryLimit,
            SortMemoryLimit = _options.SortMemoryLimit,
            BootstrapUser = _options.MySqlUser,
            BootstrapPassword = _options.MySqlPassword,
            MaxAllowedPacket = _options.MaxAllowedPacket,
            MaxConnections = _options.MaxConnections,
            ConnectTimeoutSeconds = _options.ConnectTimeoutSeconds,
        }, context.LoggerFactory);
        context.Services.AddSingleton<IQueryHandler>(_engine);
        context.Services.AddSingleton(new MySqlServerOptions
        {
            User = _options.MySqlUser,
            Password = _options.MySqlPassword,
            MaxPacketBytes = _options.MaxAllowedPacket,
            MaxConnections = _options.MaxConnections,
            ConnectTimeout = TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds),
            TlsCertificate = _options.LoadTlsCertificate(),
        });
        context.Services.AddSingleton<MySqlConnectionHandler>();
        context.AddListener(_options.MySqlPort, l => l.UseConnectionHandler<MySqlConnectionHandler>());
    }

    public string SqlAddress => $"{_context.Server.AdvertiseHost ?? _context.Server.Listen}:{_options.MySqlPort}";

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public void FillHeartbeat(HeartbeatRequest request)
    {
        request.SqlAddress = SqlAddress;
        request.SchemaInUse = _engine.Schema.OldestInUse;
    }

    public ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(response.UpsMaster))
            _engine.OnUpsMaster(response.UpsMaster);
        _engine.OnSchemaVersion(response.SchemaVersion);
        _engine.OnRootTableVersion(response.RootTableVersion);
        return ValueTask.CompletedTask;
    }

    public void FillStatus(StatusResponse status) => status.Values["sql_address"] = SqlAddress;
}
