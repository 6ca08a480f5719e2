using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer;

// Socket completions run on the socket engine's threads (one per core) instead of being handed to the
// thread pool: with Kestrel's inline scheduling and the RPC client's inline sends and completions, a
// statement then runs start to end on the thread that read it, without the thread-pool wake-ups that
// cost a 2-core host more CPU than the SQL work itself. Read once, before the first socket; an explicit
// setting in the environment wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

return await RoleHost.RunAsync(new RoleSpec(ServerRole.MergeServer, "mergeserver", 2800, ctx => new MergeServerRole(ctx)), args);
