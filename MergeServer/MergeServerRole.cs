using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using OceanClassic.Common.Config;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer;

// The MergeServer role: the MySQL listener in front of the SQL engine, fed by the RootServer heartbeat
// (schema version, UPS master, root table version).
public sealed class MergeServerRole : IRoleService
{
    private readonly RoleContext _context;
    private readonly int _sqlPort;

    public MergeServerRole(RoleContext context)
    {
        _context = context;
        var options = context.BindOptions<MergeServerOptions>();
        _sqlPort = options.SqlPort != 0 ? options.SqlPort : context.Server.Port + 80;
        var gateway = new RpcClusterGateway(context.Clients, context.RootServer, context.Clients.Options.DefaultTimeout);
        Engine = new SqlEngine(gateway, new EngineOptions { AutoIncrementBlock = options.AutoIncrementBlock }, context.LoggerFactory);
        var mysql = new MySqlServerOptions { User = options.User, Password = options.Password, ServerVersion = Engine.Options.ServerVersion };
        context.Services.AddSingleton<IQueryHandler>(Engine);
        context.Services.AddSingleton(mysql);
        context.Services.AddSingleton<MySqlConnectionHandler>();
        context.AddListener(_sqlPort, listen => listen.UseConnectionHandler<MySqlConnectionHandler>());
    }

    public SqlEngine Engine { get; }

    public string SqlAddress
    {
        get
        {
            _ = ServerOptions.TryParseEndpoint(_context.Address, out var host, out _);
            return $"{host}:{_sqlPort}";
        }
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public void FillHeartbeat(HeartbeatRequest request) => request.SqlAddress = SqlAddress;

    public ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
    {
        Engine.OnUpsMaster(response.UpsMaster);
        Engine.OnSchemaVersion(response.SchemaVersion);
        Engine.OnRootTableVersion(response.RootTableVersion);
        return ValueTask.CompletedTask;
    }

    public void FillStatus(StatusResponse status) => status.Values["sql_address"] = SqlAddress;
}
