using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// The __all_* views by name. __all_server is here; __all_tablet (root table), __all_ups_stat and
// __all_merge_stat register the same way when their RPCs exist.
public sealed class SystemViewRegistry
{
    private readonly Dictionary<string, ISystemView> _views = new(StringComparer.OrdinalIgnoreCase);

    public const string SystemDatabase = "oceanbase";

    public static SystemViewRegistry CreateDefault(IClusterGateway gateway)
    {
        var registry = new SystemViewRegistry();
        registry.Register(new AllServerView(gateway));
        registry.Register(new AllUpsStatView(gateway));
        registry.Register(new AllTabletView(gateway));
        registry.Register(new AllMergeStatView(gateway));
        return registry;
    }

    public IEnumerable<ISystemView> Views => _views.Values;

    public void Register(ISystemView view) => _views[view.Schema.Name] = view;

    // System views are found by name from any database (and in `oceanbase.`).
    public ISystemView? Find(string? database, string name) =>
        (database is null || !string.Equals(database, "information_schema", StringComparison.OrdinalIgnoreCase))
        && _views.TryGetValue(name, out var v) ? v : null;
}
