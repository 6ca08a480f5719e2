using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Tests.MySql;

namespace OceanClassic.ObClient.Tests.Support;

// A real Kestrel MySQL endpoint on 127.0.0.1, port 0, serving the scripted TestQueryHandler.
public sealed class MySqlTestServer : IAsyncDisposable
{
    public const string Password = "secret";
    private readonly WebApplication _app;

    private MySqlTestServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string password = Password, string? database = null) =>
        $"Server=127.0.0.1;Port={Port};User=root;Password={password};ConnectTimeout=5;CommandTimeout=30"
        + (database is null ? "" : $";Database={database}");

    public static async Task<MySqlTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IQueryHandler, TestQueryHandler>();
        builder.Services.AddSingleton(new MySqlServerOptions { Password = Password });
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseConnectionHandler<MySqlConnectionHandler>()));
        var app = builder.Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new MySqlTestServer(app, new Uri(address).Port);
    }

    // A loopback port nobody listens on (taken and released at once).
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
