/// Directory attributes that hold credentials (DESIGN §3, "Secrets never flow").
///
/// One list for the whole tool: the LDIF reader drops these at the boundary,
/// and the configuration refuses to map or reference them, so a secret can
/// reach neither a profile, the store, a report nor `inspect` output. AD
/// exports taken with replication rights can carry password hashes; holding
/// them would turn a profile database into a credential dump.
public enum SecretAttributes {
    /// Credential attributes by name: Active Directory's password hashes and
    /// keys, LSA and trust secrets, LAPS and BitLocker recovery secrets,
    /// OpenLDAP, Samba and Kerberos keys.
    public static let names: [String] = [
        "userPassword", "unicodePwd", "ntPwdHistory", "lmPwdHistory", "dBCSPwd",
        "supplementalCredentials", "msDS-ManagedPassword",
        "currentValue", "priorValue", "trustAuthIncoming", "trustAuthOutgoing",
        "initialAuthIncoming", "initialAuthOutgoing",
        "ms-Mcs-AdmPwd", "msLAPS-Password", "msLAPS-EncryptedPassword",
        "msLAPS-EncryptedPasswordHistory", "msLAPS-EncryptedDSRMPassword",
        "msLAPS-EncryptedDSRMPasswordHistory",
        "msFVE-RecoveryPassword", "msFVE-KeyPackage", "msTPM-OwnerInformation",
        "msPKIAccountCredentials", "msPKIDPAPIMasterKeys", "msDS-ExecuteScriptPassword",
        "sambaNTPassword", "sambaLMPassword", "sambaPasswordHistory", "userPKCS12",
        "pwdHistory", "krbPrincipalKey", "krb5Key",
    ]

    /// Attributes whose names contain "password" but hold only times, counts
    /// or policy, never a credential: kept by the reader and mappable.
    public static let passwordMetadata: [String] = [
        "badPasswordTime", "msDS-UserPasswordExpiryTimeComputed", "passwordExpirationTime",
        "msDS-PasswordSettingsPrecedence", "msDS-PasswordHistoryLength",
        "msDS-PasswordComplexityEnabled", "msDS-PasswordReversibleEncryptionEnabled",
        "msDS-MinimumPasswordLength", "msDS-MinimumPasswordAge", "msDS-MaximumPasswordAge",
    ]

    private static let secretSet = Set(names.map { $0.lowercased() })
    private static let metadataSet = Set(passwordMetadata.map { $0.lowercased() })

    /// Whether an attribute with this lowercased base name (no options) is a
    /// secret: one of ``names``, or any name containing "password" or
    /// "pwdhistory" that is not in ``passwordMetadata``.
    public static func isSecret(baseName: String) -> Bool {
        if secretSet.contains(baseName) { return true }
        guard baseName.contains("password") || baseName.contains("pwdhistory") else { return false }
        return !metadataSet.contains(baseName)
    }

    /// Whether `attribute` as written (any case, options allowed:
    /// `userPassword;binary`) is a secret.
    public static func isSecret(_ attribute: String) -> Bool {
        let base = attribute.split(separator: ";", maxSplits: 1).first.map(String.init) ?? attribute
        return isSecret(baseName: base.lowercased())
    }
}
