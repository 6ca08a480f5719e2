using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Hosting;

// Runs one role process: config, logging, the role service, Kestrel listeners (RPC plus any
// extra), the heartbeat with the RootServer, and a clean stop on SIGTERM/SIGINT.
// Exit codes: 0 clean stop, 2 bad config or port in use, 1 any other start-up failure.
public static class RoleHost
{
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string SocketThreadsVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";
    private const string SendRoundsVariable = "OB_RPC_SEND_ROUNDS";

    public static async Task<int> RunAsync(RoleSpec spec, string[] args)
    {
        // Inline socket I/O: completions run on the socket engine's threads (one per core), Kestrel runs
        // connection handlers inline and sends from the writing thread, and RpcConnection completes calls
        // on its receive loop. A request is then read, handled and answered without the thread-pool
        // wake-ups that cost a small shared host more CPU than the work itself (sysbench oltp_insert:
        // about 4 -> 1.3 context switches per insert in the MergeServer, 5.5 -> 3.3 in the UPS).
        // Handlers must not block a thread for long; none does (big scans move to the thread pool).
        // Must be decided before the first socket exists; =0 in the environment turns it off.
        var inlineIo = Environment.GetEnvironmentVariable(InlineCompletionsVariable) != "0";
        if (inlineIo)
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");

        ServerOptions server;
        Microsoft.Extensions.Configuration.IConfiguration configuration;
        byte[] clusterSecret;
        try
        {
            configuration = ObConfiguration.Build(spec.Name, args);
            server = ObConfiguration.Bind<ServerOptions>(configuration);
            clusterSecret = server.ResolveClusterSecret();
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"{spec.Name}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        if (server.Port == 0)
            server.Port = spec.DefaultPort;
        // With inline I/O the runtime would start one socket thread per core. Fewer is cheaper on a small
        // host: one thread serving all connections is already awake for most requests, where each of
        // several would be woken for its own (sysbench oltp_insert on 2 cores: 98 -> 76 CPU µs per insert
        // across the cluster, context switches halved). Read once, before the first socket exists.
        if (inlineIo)
            Environment.SetEnvironmentVariable(SocketThreadsVariable, server.EffectiveIoThreads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // RPC requests sent on the socket thread during one round of socket events leave in one send per
        // connection at the round's end (RpcSendRound). OB_RPC_SEND_ROUNDS=0 sends each at once (for A/B runs).
        if (inlineIo && Environment.GetEnvironmentVariable(SendRoundsVariable) != "0")
            RpcSendRound.Enable();

        var level = Enum.Parse<LogLevel>(server.LogLevel, ignoreCase: true);
        using var loggerFactory = ConsoleLog.Create(level);
        var log = loggerFactory.CreateLogger(spec.Name);

        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });

        var rpcOptions = new RpcOptions
        {
            MaxFrameBytes = server.RpcMaxFrameBytes,
            ConnectionsPerPeer = server.RpcConnectionsPerPeer,
            LocalSockets = server.RpcLocalSocket,
            DefaultTimeout = ConfigDuration.Parse(server.RpcTimeout),
            ClusterSecret = clusterSecret,
            MaxConnectionsPerPeer = server.RpcMaxConnectionsPerPeer,
            ThreadAffinity = inlineIo,
        };
        // Role settings come from RoleConfiguration, not appsettings.json: no config file watcher, and
        // no content root in the working directory (a data dir), where it would wake on every log write.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        var registry = new RpcHandlerRegistry();
        await using var clients = new RpcClientPool(rpcOptions);
        var rootServer = new RootServerClient(clients, server.RootServers, ConfigDuration.Parse(server.RpcTimeout));
        var context = new RoleContext(spec.Role, configuration, server, registry, clients, loggerFactory, rootServer, builder.Services);

        IRoleService service;
        try
        {
            service = spec.CreateService(context);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"{spec.Name}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        new RoleStatusEndpoints(spec.Role, context, service).MapTo(registry);

        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(rpcOptions);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<ILoggerFactory>(loggerFactory);
        if (inlineIo)
        {
            // No zero-byte read before each receive either: one syscall less per request.
            builder.WebHost.UseSockets(o =>
            {
                o.UnsafePreferInlineScheduling = true;
                o.WaitForDataBeforeAllocatingBuffer = false;
            });
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            var ip = IPAddress.Parse(server.Listen);
            k.Listen(ip, server.Port, l => l.UseConnectionHandler<RpcConnectionHandler>());
            if (server.RpcLocalSocket && RpcLocalSocket.ForListener(server.Listen, server.Port) is { } local)
                k.Listen(local, l => l.UseConnectionHandler<RpcConnectionHandler>());
            foreach (var (port, configure) in context.ExtraListeners)
                k.Listen(ip, port, configure);
            k.Limits.MaxConcurrentConnections = null;
        });
        await using var app = builder.Build();

        try
        {
            await service.StartAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"{spec.Name}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogCritical("{Role} failed to start: {Error}", spec.Name, e.Message);
            await Console.Error.WriteLineAsync($"{spec.Name}: start failed: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        try
        {
            await app.StartAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            var ports = string.Join(",", new[] { server.Port }.Concat(context.ExtraListeners.Select(l => l.Port)));
            await Console.Error.WriteLineAsync($"{spec.Name}: port {ports} on {server.Listen} is already in use or cannot be bound ({e.InnerException?.Message ?? e.Message})").ConfigureAwait(false);
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 2;
        }
        log.LogInformation("{Role} serving RPC on {Address} (pid {Pid})", spec.Name, server.Advertise, Environment.ProcessId);

        var heartbeat = spec.Role == ServerRole.RootServer
            ? Task.CompletedTask
            : new Heartbeater(spec.Role, context, service, ConfigDuration.Parse(server.HeartbeatInterval), log).RunAsync(stopping.Token);

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        log.LogInformation("{Role} stopping", spec.Name);
        await heartbeat.ConfigureAwait(false);
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        await service.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        log.LogInformation("{Role} stopped", spec.Name);
        return 0;
    }
}
