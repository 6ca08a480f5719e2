namespace OceanClassic.MergeServer.Engine.SystemViews;

// The database the __all_* views belong to (they are found from any database too, see
// Planning/SystemViewRegistry); the information_schema tables are in InformationSchema/InfoColumns.Database.
public static class SystemDatabase
{
    public const string Name = "oceanbase";
}
