using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// A real Kestrel server on 127.0.0.1 (port 0 at first) running RpcConnectionHandler.
// RestartAsync brings it back on the same port, as a restarted role would.
public sealed class RpcTestServer : IAsyncDisposable
{
    private readonly bool _localSocket;
    private WebApplication? _app;

    private RpcTestServer(RpcHandlerRegistry registry, RpcOptions options, bool localSocket)
    {
        Registry = registry;
        Options = options;
        _localSocket = localSocket;
    }

    public RpcHandlerRegistry Registry { get; }

    public RpcOptions Options { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public int Port { get; private set; }

    public string Address => $"127.0.0.1:{Port}";

    // `localSocket`: also listen on the port's local Unix socket, as a role does (RpcLocalSocket).
    public static async Task<RpcTestServer> StartAsync(RpcHandlerRegistry registry, RpcOptions? options = null, bool localSocket = false)
    {
        var server = new RpcTestServer(registry, options ?? new RpcOptions(), localSocket);
        await server.StartOnAsync(localSocket ? FreePort() : 0);
        return server;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public Task RestartAsync() => StartOnAsync(Port);

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.Services.AddSingleton(Registry);
        builder.Services.AddSingleton(Options);
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseConnectionHandler<RpcConnectionHandler>());
            if (_localSocket)
            {
                var local = RpcLocalSocket.ForListener("127.0.0.1", port) ?? throw new InvalidOperationException($"local socket for port {port} is taken");
                kestrel.Listen(local, listen => listen.UseConnectionHandler<RpcConnectionHandler>());
            }
        });
        var app = builder.Build();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Port = new Uri(addresses.Addresses.First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal))).Port;
        _app = app;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
