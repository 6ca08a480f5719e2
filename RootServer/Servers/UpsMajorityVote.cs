using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Servers;

// One UpdateServer's answer to PrepareTerm: it persisted the term and has a durable log ending there.
public sealed record UpsVote(string Address, ulong LastTerm, ulong LastSeq);

// The majority election's rules (ups_replication = majority; CBASE, OceanBase 0.5): the RootServer
// starts a new term at every UpdateServer of the group; an election needs answers from a majority of
// the group (each of those now refuses log from an older term, so the old master can commit nothing
// more: any majority it needs includes one of them), and elects the answerer with the highest
// (last term, last sequence): every committed entry is on a majority, so on at least one answerer,
// and a log with a newer last term, or the same and longer, holds it.
public static class UpsMajorityVote
{
    private static readonly TimeSpan PrepareTimeout = TimeSpan.FromSeconds(1);

    public static int Quorum(int members) => members / 2 + 1;

    // Null when fewer than a majority of the group's `members` voted.
    public static UpsVote? Pick(IReadOnlyCollection<UpsVote> votes, int members) =>
        votes.Count < Quorum(members)
            ? null
            : votes.OrderByDescending(v => v.LastTerm).ThenByDescending(v => v.LastSeq).ThenBy(v => v.Address, StringComparer.Ordinal).First();

    // Asks every member at once (those that do not answer in time do not vote). Returns the votes
    // for `term` and the newest term any member knows (a member that knows a newer one does not vote).
    public static async Task<(List<UpsVote> Votes, ulong NewestTerm)> CollectAsync(IEnumerable<string> members, ulong term,
        Func<string, PrepareTermRequest, TimeSpan, CancellationToken, Task<PrepareTermResponse>> prepare, CancellationToken ct)
    {
        var request = new PrepareTermRequest { Term = term };
        var calls = members.Select(async address =>
        {
            try
            {
                return (address, (PrepareTermResponse?)await prepare(address, request, PrepareTimeout, ct).ConfigureAwait(false));
            }
            catch (RpcException)
            {
                return (address, null);
            }
        }).ToList();
        var answers = await Task.WhenAll(calls).ConfigureAwait(false);
        var votes = new List<UpsVote>();
        var newest = term;
        foreach (var (address, answer) in answers)
        {
            if (answer is null)
                continue;
            newest = Math.Max(newest, answer.Term);
            if (answer.Term == term)
                votes.Add(new UpsVote(address, answer.LastTerm, answer.LastSeq));
        }
        return (votes, newest);
    }
}
