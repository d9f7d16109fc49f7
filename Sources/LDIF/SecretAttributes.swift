/// Which attributes are credentials that must never reach the profile store.
///
/// AD exports taken with replication rights can carry password hashes; a
/// profile tool has no use for them and holding them would turn a harmless
/// profile database into a credential dump. Matching is on the lowercased
/// base name; AD's password *metadata* (last set, bad count) is harmless and
/// kept because profile rules use it.
public enum SecretAttributes {
    static let named: Set<String> = [
        "userpassword", "unicodepwd", "ntpwdhistory", "lmpwdhistory", "supplementalcredentials",
        "dbcspwd", "msds-managedpassword",
    ]
    static let harmless: Set<String> = ["pwdlastset", "badpwdcount", "badpasswordtime"]

    /// Whether an attribute with this lowercased base name is a secret.
    public static func isSecret(baseName: String) -> Bool {
        if harmless.contains(baseName) { return false }
        if named.contains(baseName) { return true }
        return baseName.contains("password") || baseName.contains("pwdhistory")
    }
}
