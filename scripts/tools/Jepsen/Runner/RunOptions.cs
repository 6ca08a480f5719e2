// One checked run: where the MergeServers listen, how long the workloads run, which nemesis, how many
// clients each workload has, when a daily merge starts (MajorFreezeAt: from then on the row set's updates take
// the ordinary read-then-write path over a baseline), and where the history files go.
using OceanClassic.Jepsen.Nemesis;

namespace OceanClassic.Jepsen.Runner;

public sealed record RunOptions
{
    public required IReadOnlyList<string> MySqlEndpoints { get; init; }
    public required string OutputDirectory { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public NemesisKind Nemesis { get; init; } = NemesisKind.Kill;
    public TimeSpan NemesisInterval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan NemesisHold { get; init; } = TimeSpan.FromSeconds(5);
    // The kill nemesis: also other role instances (one kill in three), not only the UPS master.
    public bool KillAnyRole { get; init; } = true;
    public int RegisterClients { get; init; } = 8;
    public int BankClients { get; init; } = 4;
    public int ListAppendClients { get; init; } = 4;
    public int RowSetClients { get; init; } = 4;
    public int RegisterKeys { get; init; } = 8;
    public int Accounts { get; init; } = 8;
    public int ListKeys { get; init; } = 8;
    public TimeSpan? MajorFreezeAt { get; init; }
    public int Seed { get; init; } = Environment.TickCount;
    // Per key of the register checker: past it that key's verdict is unknown.
    public TimeSpan CheckBudgetPerKey { get; init; } = TimeSpan.FromSeconds(60);
}
