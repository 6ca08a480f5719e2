using System.Diagnostics;
using System.Globalization;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Statements.Accounts;

namespace OceanClassic.MergeServer.Engine.Statements;

// SHOW VARIABLES, STATUS, ENGINES, COLLATION, CHARACTER SET, [FULL] PROCESSLIST and GRANTS. ENGINES,
// COLLATION, CHARACTER SET and PROCESSLIST show their information_schema table's rows (one source for
// both). Every client connects as an all-powerful root (the project has no accounts), which SHOW GRANTS
// says as MariaDB does for root.
public static partial class ShowExecutor
{
    // SHOW PROCESSLIST without FULL cuts Info to this many characters.
    private const int ShortInfoLength = 100;

    private static async ValueTask ShowServerAsync(ShowStatement s, StatementContext context, IResultSink sink)
    {
        switch (s.Kind)
        {
            case ShowKind.Variables:
                await WriteAsync(s, context, sink, ["Variable_name", "Value"],
                    context.Session.Variables.All.Select(kv => new string?[] { kv.Key, SessionVariables.DisplayText(kv.Key, kv.Value) }));
                break;
            case ShowKind.Status:
                await WriteAsync(s, context, sink, ["Variable_name", "Value"], StatusRows(context));
                break;
            case ShowKind.Engines:
                await WriteAsync(s, context, sink, ["Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"],
                    await ViewRowsAsync(context, "ENGINES"));
                break;
            case ShowKind.Collation:
                await WriteAsync(s, context, sink, ["Collation", "Charset", "Id", "Default", "Compiled", "Sortlen"],
                    await ViewRowsAsync(context, "COLLATIONS"));
                break;
            case ShowKind.CharacterSet:
                await WriteAsync(s, context, sink, ["Charset", "Description", "Default collation", "Maxlen"],
                    (await ViewRowsAsync(context, "CHARACTER_SETS")).Select(r => new[] { r[0], r[2], r[1], r[3] }));
                break;
            case ShowKind.Grants:
                await ShowGrantsAsync(s, context, sink);
                break;
            default:
                await WriteAsync(s, context, sink, ["Id", "User", "Host", "db", "Command", "Time", "State", "Info", "Progress"],
                    (await ViewRowsAsync(context, "PROCESSLIST")).Select(r => new[]
                    {
                        r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                        s.Full || r[7] is not { Length: > ShortInfoLength } info ? r[7] : info[..ShortInfoLength], "0.000",
                    }));
                break;
        }
    }

    private static async ValueTask<IEnumerable<string?[]>> ViewRowsAsync(StatementContext context, string view)
    {
        var rows = await SystemViewRegistry.Find(SystemViewRegistry.InformationSchema, view)!.LoadAsync(context, SystemViewFilter.None);
        return rows.Select(r => r.Select(v => v.ToText()).ToArray());
    }

    private static IEnumerable<string?[]> StatusRows(StatementContext context)
    {
        var uptime = (long)(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        return new (string Name, string Value)[]
        {
            ("Threads_connected", Text(context.Engine.Sessions.Count)),
            ("Threads_running", Text(context.Engine.Sessions.Values.Count(x => x.CurrentStatement is not null))),
            ("Uptime", Text(uptime)),
            ("Ssl_cipher", context.Session.TlsCipher ?? ""),
            ("Ssl_version", context.Session.TlsVersion ?? ""),
        }.Select(kv => new string?[] { kv.Name, kv.Value });
    }

    private static ValueTask ShowGrantsAsync(ShowStatement s, StatementContext context, IResultSink sink) =>
        ShowGrantsExecutor.ExecuteAsync(s.Grantee, context, sink);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
