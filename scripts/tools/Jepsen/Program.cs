// Jepsen run --cluster-dir DIR --mysql HOST:PORT[,HOST:PORT...] --out DIR [--time S] [--nemesis kill|pause|partition|all|lag|none]
//            [--interval S] [--hold S] [--seed N] [--merge S]
//   runs the register, bank, list-append and row-set workloads against the cluster that scripts/cluster.sh runs in
//   DIR, with the nemesis acting through cluster.sh (and a daily merge started S seconds in, with --merge);
//   writes the history to --out and prints the verdicts.
// Jepsen check DIR [--accounts N]   checks DIR/history.jsonl again.
// Jepsen drill --cluster-dir DIR --mysql HOST:PORT[,...] [--drill all|kill-master|kill-followers|partition-master|pause-master|switch]
//              [--runs N] [--writers N] [--replication majority|shipping]
//   runs the UpdateServer drills (Drills/UpsDrills.cs) N times each and prints a table of the runs.
//   Drills: kill-master, kill-followers, partition-master, pause-master, switch, daily-merge.
// Exit code 0 valid, 1 invalid (or unknown), 2 bad arguments.
using OceanClassic.Jepsen.Drills;
using OceanClassic.Jepsen.History;
using OceanClassic.Jepsen.Nemesis;
using OceanClassic.Jepsen.Runner;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
    options[args[i].TrimStart('-')] = args[i + 1];
string Get(string key, string fallback) => options.TryGetValue(key, out var v) ? v : fallback;
int Int(string key, int fallback) => int.Parse(Get(key, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

if (args.Length >= 2 && args[0] == "check")
{
    var directory = args[1];
    for (var i = 2; i + 1 < args.Length; i += 2)
        options[args[i].TrimStart('-')] = args[i + 1];
    var history = HistoryFile.Read(directory);
    var faults = history.Count(e => e.Process == HistoryEvent.NemesisProcess && e.Type == EventType.Invoke) / 2;
    var report = RunReport.Check(history, Int("accounts", 8), faults, finalReadsCompleted: true, TimeSpan.FromSeconds(120));
    Console.WriteLine(report.Describe());
    return report.Valid ? 0 : 1;
}
var repoRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../.."));
if (args.Length >= 1 && args[0] == "drill" && options.ContainsKey("cluster-dir") && options.ContainsKey("mysql"))
{
    var drillEndpoints = Get("mysql", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
    var drillCluster = new ScriptClusterControl(Get("repo", repoRoot), Path.GetFullPath(Get("cluster-dir", "")), drillEndpoints);
    var named = Get("drill", "all");
    var drills = Enum.GetValues<DrillKind>().Where(k => named == "all" || named.Split(',').Contains(UpsDrills.Name(k))).ToList();
    if (drills.Count == 0)
    {
        Console.Error.WriteLine($"unknown drill {named}: all, {string.Join(", ", Enum.GetValues<DrillKind>().Select(UpsDrills.Name))}");
        return 2;
    }
    var passed = await DrillRunner.RunAsync(drillCluster, drillEndpoints, Get("replication", "majority"), Int("writers", 16), drills, Int("runs", 5),
        Console.Out, CancellationToken.None);
    return passed ? 0 : 1;
}
if (args.Length < 1 || args[0] != "run" || !options.ContainsKey("cluster-dir") || !options.ContainsKey("mysql") || !options.ContainsKey("out"))
{
    Console.Error.WriteLine("usage: Jepsen run --cluster-dir DIR --mysql HOST:PORT[,...] --out DIR [--time S] [--nemesis kill|pause|partition|all|lag|none] [--interval S] [--hold S] [--seed N] [--merge S]");
    Console.Error.WriteLine("       Jepsen check DIR [--accounts N]");
    Console.Error.WriteLine("       Jepsen drill --cluster-dir DIR --mysql HOST:PORT[,...] [--drill all|NAME[,NAME]] [--runs N] [--writers N] [--replication majority|shipping]");
    return 2;
}
var endpoints = Get("mysql", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
var run = new RunOptions
{
    MySqlEndpoints = endpoints,
    OutputDirectory = Get("out", ""),
    Duration = TimeSpan.FromSeconds(Int("time", 60)),
    Nemesis = Enum.Parse<NemesisKind>(Get("nemesis", "kill"), ignoreCase: true),
    NemesisInterval = TimeSpan.FromSeconds(Int("interval", 10)),
    NemesisHold = TimeSpan.FromSeconds(Int("hold", 5)),
    Seed = Int("seed", Environment.TickCount & 0xFFFF),
    MajorFreezeAt = options.ContainsKey("merge") ? TimeSpan.FromSeconds(Int("merge", 0)) : null,
};
var cluster = new ScriptClusterControl(Get("repo", repoRoot), Path.GetFullPath(Get("cluster-dir", "")), endpoints);
Console.WriteLine($"seed {run.Seed}");
var result = await JepsenRun.RunAsync(run, cluster, Console.Out, CancellationToken.None);
Console.WriteLine(result.Describe());
return result.Valid ? 0 : 1;
