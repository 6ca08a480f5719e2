using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Hosting;

// Name is the config file stem (etc/<name>.json) and the log category.
public sealed record RoleSpec(ServerRole Role, string Name, int DefaultPort, Func<RoleContext, IRoleService> CreateService);
