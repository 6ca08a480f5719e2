using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;

namespace OceanClassic.MergeServer.Engine.Planning;

// The system views a table name may resolve to: the __all_* views by name (found from any database), and
// the information_schema tables (found in information_schema: qualified, or with it as the current
// database). The views hold no state (they read the cluster through the statement's engine), so one set
// serves every engine of the process. It sits above SystemViews and SystemViews/InformationSchema, which
// both implement ISystemView, so that neither imports the other.
public static class SystemViewRegistry
{
    private static readonly Dictionary<string, ISystemView> OceanbaseViews = ByName(
        [new AllServerView(), new AllUpsStatView(), new AllTabletView(), new AllMergeStatView()]);

    private static readonly Dictionary<string, ISystemView> InformationSchemaTables = ByName(
        SchemaInfoView.All().Cast<ISystemView>().Concat(ConstraintInfoView.All()).Concat(FixedInfoView.All()).Concat(EmptyInfoView.All()));

    public const string InformationSchema = InfoColumns.Database;

    public static IEnumerable<ISystemView> Views => OceanbaseViews.Values;

    public static IEnumerable<ISystemView> InformationSchemaViews => InformationSchemaTables.Values.OrderBy(v => v.Schema.Name, StringComparer.Ordinal);

    // `database` is the table's qualifier or else the current database.
    public static ISystemView? Find(string? database, string name) =>
        string.Equals(database, InformationSchema, StringComparison.OrdinalIgnoreCase)
            ? InformationSchemaTables.GetValueOrDefault(name)
            : OceanbaseViews.GetValueOrDefault(name);

    private static Dictionary<string, ISystemView> ByName(IEnumerable<ISystemView> views)
    {
        var byName = new Dictionary<string, ISystemView>(StringComparer.OrdinalIgnoreCase);
        foreach (var view in views)
            byName[view.Schema.Name] = view;
        return byName;
    }
}
