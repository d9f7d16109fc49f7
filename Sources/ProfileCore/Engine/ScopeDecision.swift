/// The verdict of a directory connection's scope on one user entry.
public enum ScopeDecision: Sendable, Hashable {
    case inScope
    /// Visible to the connection but filtered out; kept as an excluded profile.
    case excluded(ExclusionReason)
    /// Outside the connection's containers: only counted, unless the store
    /// already holds the profile (then it becomes `excluded(.scope)`).
    case outsideContainers
}
