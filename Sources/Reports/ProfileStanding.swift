import ProfileCore

/// A stored profile with the runs that created it, last changed it and set
/// its state: what `show` and `missing` print beside the profile itself.
public struct ProfileStanding: Sendable {
    public var profile: Profile
    /// The run that first stored the profile.
    public var createdRun: Int
    /// The last run that changed it.
    public var updatedRun: Int
    /// The run that set its current state (and reason).
    public var stateRun: Int
    /// When that run committed, ISO 8601 as the store keeps it.
    public var stateSince: String

    public init(profile: Profile, createdRun: Int, updatedRun: Int, stateRun: Int, stateSince: String) {
        self.profile = profile
        self.createdRun = createdRun
        self.updatedRun = updatedRun
        self.stateRun = stateRun
        self.stateSince = stateSince
    }

    /// `active`, `markedForDeletion`, or `excluded (disabled)`.
    var stateText: String {
        if let reason = profile.reason { return "\(profile.state.rawValue) (\(reason.rawValue))" }
        return profile.state.rawValue
    }
}
