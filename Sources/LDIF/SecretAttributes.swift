/// Which attributes are credentials that must never reach the profile store.
///
/// AD exports taken with replication rights can carry password hashes; a
/// profile tool has no use for them and holding them would turn a harmless
/// profile database into a credential dump. Matching is on the lowercased
/// base name; AD's password *metadata* (last set, bad count) is harmless and
/// kept because profile rules use it.
public enum SecretAttributes {
    // The same credentials ProfileCore refuses to map (its `SecretAttributes.names`):
    // AD hashes and keys, LSA and trust secrets, LAPS (`ms-Mcs-AdmPwd` is the
    // local administrator password in clear text), BitLocker and TPM recovery
    // secrets, credential roaming, Samba, Kerberos and PKCS#12 keys.
    static let named: Set<String> = [
        "userpassword", "unicodepwd", "ntpwdhistory", "lmpwdhistory", "supplementalcredentials",
        "dbcspwd", "msds-managedpassword",
        "currentvalue", "priorvalue", "trustauthincoming", "trustauthoutgoing", "initialauthincoming",
        "initialauthoutgoing", "ms-mcs-admpwd", "msfve-keypackage", "mstpm-ownerinformation",
        "mspkiaccountcredentials", "mspkidpapimasterkeys", "userpkcs12", "krbprincipalkey", "krb5key",
    ]
    // Password *metadata* (times, counts, policy) that ProfileCore lets a mapping use.
    static let harmless: Set<String> = [
        "pwdlastset", "badpwdcount", "badpasswordtime", "msds-userpasswordexpirytimecomputed",
        "passwordexpirationtime", "msds-passwordsettingsprecedence", "msds-passwordhistorylength",
        "msds-passwordcomplexityenabled", "msds-passwordreversibleencryptionenabled",
        "msds-minimumpasswordlength", "msds-minimumpasswordage", "msds-maximumpasswordage",
    ]

    /// Whether an attribute with this lowercased base name is a secret.
    public static func isSecret(baseName: String) -> Bool {
        if harmless.contains(baseName) { return false }
        if named.contains(baseName) { return true }
        return baseName.contains("password") || baseName.contains("pwdhistory")
    }
}
