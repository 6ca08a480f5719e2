namespace OceanClassic.RootServer.Pair;

// The RootServer's fault-injection points (Common/Hosting/FaultPoints), one per phase of the
// primary's work at which a pause must not let it act on state it cannot prove current.
public static class RsFaultPoints
{
    // A change is logged and applied locally, not yet shipped to the backup.
    public const string AppliedNotShipped = "rs.applied_not_shipped";

    // A request's work is done (its changes shipped), its reply not yet checked and sent.
    public const string WorkedNotReplied = "rs.worked_not_replied";

    // The backup answered a lease renewal; the primary has not acted on the answer yet.
    public const string RenewalAnswered = "rs.renewal_answered";

    // A starting RS granted its peer's claim (it is backup now, holding the claimer's state); the grant is not
    // answered yet.
    public const string ClaimGrantedNotAnswered = "rs.claim_granted_not_answered";
}
