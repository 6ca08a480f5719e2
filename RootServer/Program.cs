using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer;

return await RoleHost.RunAsync(new RoleSpec(ServerRole.RootServer, "rootserver", 2500, ctx => new RootServerRole(ctx)), args);
