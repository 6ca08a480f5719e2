using OceanClassic.ObAdmin;

return await AdminCommands.RunAsync(args);
