using OceanClassic.ChunkServer;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;

return await RoleHost.RunAsync(new RoleSpec(ServerRole.ChunkServer, "chunkserver", 2600, ctx => new ChunkServerRole(ctx)), args);
