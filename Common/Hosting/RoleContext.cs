using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Hosting;

// Everything a role service needs from its host, handed to RoleSpec.CreateService.
public sealed class RoleContext
{
    private readonly List<(int Port, Action<ListenOptions> Configure)> _listeners = [];

    internal RoleContext(ServerRole role, IConfiguration configuration, ServerOptions server, RpcHandlerRegistry rpc,
        RpcClientPool clients, ILoggerFactory loggerFactory, RootServerClient rootServer, IServiceCollection services)
    {
        Role = role;
        Configuration = configuration;
        Server = server;
        Rpc = rpc;
        Clients = clients;
        LoggerFactory = loggerFactory;
        RootServer = rootServer;
        Services = services;
    }

    public ServerRole Role { get; }
    public IConfiguration Configuration { get; }
    public ServerOptions Server { get; }
    public RpcHandlerRegistry Rpc { get; }
    public RpcClientPool Clients { get; }
    public ILoggerFactory LoggerFactory { get; }
    public RootServerClient RootServer { get; }
    public IServiceCollection Services { get; }
    public DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;
    public string Address => Server.Advertise;
    public string DataDir => Server.DataDir ?? Path.Combine("data", Role.ToString().ToLowerInvariant());

    internal IReadOnlyList<(int Port, Action<ListenOptions> Configure)> ExtraListeners => _listeners;

    public T BindOptions<T>() where T : class, IValidatableOptions, new() => ObConfiguration.Bind<T>(Configuration);

    // A second Kestrel listener on the same address (the MergeServer's MySQL port).
    public void AddListener(int port, Action<ListenOptions> configure) => _listeners.Add((port, configure));
}
