using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// The __all_* views by name (found from any database), and the information_schema tables (found in
// information_schema: qualified, or with it as the current database).
public sealed class SystemViewRegistry
{
    private readonly Dictionary<string, ISystemView> _views = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ISystemView> _informationSchema = new(StringComparer.OrdinalIgnoreCase);

    public const string SystemDatabase = "oceanbase";

    public const string InformationSchema = InfoColumns.Database;

    public static SystemViewRegistry CreateDefault(IClusterGateway gateway)
    {
        var registry = new SystemViewRegistry();
        registry.Register(new AllServerView(gateway));
        registry.Register(new AllUpsStatView(gateway));
        registry.Register(new AllTabletView(gateway));
        registry.Register(new AllMergeStatView(gateway));
        foreach (var view in SchemaInfoView.All().Cast<ISystemView>().Concat(ConstraintInfoView.All()).Concat(FixedInfoView.All()).Concat(EmptyInfoView.All()))
            registry._informationSchema[view.Schema.Name] = view;
        return registry;
    }

    public IEnumerable<ISystemView> Views => _views.Values;

    public void Register(ISystemView view) => _views[view.Schema.Name] = view;

    public IEnumerable<ISystemView> InformationSchemaViews => _informationSchema.Values.OrderBy(v => v.Schema.Name, StringComparer.Ordinal);

    // `database` is the table's qualifier or else the current database.
    public ISystemView? Find(string? database, string name) =>
        string.Equals(database, InformationSchema, StringComparison.OrdinalIgnoreCase)
            ? _informationSchema.GetValueOrDefault(name)
            : _views.GetValueOrDefault(name);
}
