using MySqlConnector;
using OceanClassic.ObClient.Configuration;
using OceanClassic.ObClient.Discovery;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.ObClient.Connector;

// Sessions on MySqlConnector, the MySQL driver .NET applications already use, opened on a MergeServer
// that the discovery layer found: the connection string is ObClient's (Server list or RootServer=...,
// User, Password, Database, timeouts), the session is a plain MySqlConnection. MergeServers are tried
// in order; a server that answers with an error (wrong password, unknown database) ends the search,
// since another MergeServer would answer the same. ObConnection is a layer over these sessions.
public static class MySqlConnectorSessions
{
    public static async Task<MySqlConnection> OpenAsync(string connectionString, CancellationToken ct = default) =>
        (await OpenOnAnyAsync(ObConnectionSettings.Parse(connectionString), adjust: null, ct).ConfigureAwait(false)).Session;

    // The open session and the MergeServer it is on. adjust changes the driver's options (ObConnection
    // asks for values typed by the column's SQL type only).
    internal static async Task<(MySqlConnection Session, ObServerAddress Server)> OpenOnAnyAsync(ObConnectionSettings settings,
        Action<MySqlConnectionStringBuilder>? adjust, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var server in await MergeServerDiscovery.MergeServersAsync(settings, ct).ConfigureAwait(false))
        {
            var builder = DriverConnectionStringBuilder(settings, server);
            adjust?.Invoke(builder);
            var session = new MySqlConnection(builder.ConnectionString);
            try
            {
                await session.OpenAsync(ct).ConfigureAwait(false);
                return (session, server);
            }
            catch (Exception e) when (ObException.IsNoAnswer(e))
            {
                // No answer from this server (refused, timed out, closed, garbled): try the next one.
                await session.DisposeAsync().ConfigureAwait(false);
                failures.Add($"{server}: {ObException.DescribeNoAnswer(e)}");
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        throw new ObException(ObException.CannotConnect, "08001", $"Unable to connect to any MergeServer ({string.Join("; ", failures)}).");
    }

    public static string DriverConnectionString(ObConnectionSettings settings, ObServerAddress server) =>
        DriverConnectionStringBuilder(settings, server).ConnectionString;

    // The MergeServer speaks MySQL 5.7's protocol without TLS; affected rows are MySQL's (changed rows,
    // not matched ones), and user variables (@v) are SQL, not command parameters.
    private static MySqlConnectionStringBuilder DriverConnectionStringBuilder(ObConnectionSettings settings, ObServerAddress server)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(server);
        var builder = new MySqlConnectionStringBuilder
        {
            Server = server.Host,
            Port = checked((uint)server.Port),
            UserID = settings.User,
            Password = settings.Password,
            ConnectionTimeout = (uint)settings.ConnectTimeout.TotalSeconds,
            DefaultCommandTimeout = (uint)settings.CommandTimeout.TotalSeconds,
            SslMode = MySqlSslMode.None,
            UseAffectedRows = true,
            AllowUserVariables = true,
            Pooling = false,
        };
        if (settings.Database is { } database)
            builder.Database = database;
        return builder;
    }
}
