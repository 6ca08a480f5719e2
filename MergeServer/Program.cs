using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer;

return await RoleHost.RunAsync(new RoleSpec(ServerRole.MergeServer, "mergeserver", 2800, ctx => new MergeServerRole(ctx)), args);
