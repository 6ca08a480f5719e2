using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.UpdateServer;

return await RoleHost.RunAsync(new RoleSpec(ServerRole.UpdateServer, "updateserver", 2700, ctx => new UpdateServerRole(ctx)), args);
