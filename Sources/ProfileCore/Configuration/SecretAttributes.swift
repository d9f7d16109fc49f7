/// Directory attributes that hold credentials (DESIGN §3, "Secrets never flow").
///
/// The LDIF reader drops them at the boundary; the configuration refuses to
/// map them, so a secret that slipped past the reader still cannot reach a
/// profile, a store or a report.
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
    /// or policy, never a credential; these may be mapped.
    public static let passwordMetadata: [String] = [
        "badPasswordTime", "msDS-UserPasswordExpiryTimeComputed", "passwordExpirationTime",
        "msDS-PasswordSettingsPrecedence", "msDS-PasswordHistoryLength",
        "msDS-PasswordComplexityEnabled", "msDS-PasswordReversibleEncryptionEnabled",
        "msDS-MinimumPasswordLength", "msDS-MinimumPasswordAge", "msDS-MaximumPasswordAge",
    ]

    private static let secretSet = Set(names.map { $0.lowercased() })
    private static let metadataSet = Set(passwordMetadata.map { $0.lowercased() })

    /// Whether `attribute` holds a secret: one of ``names``, or any name
    /// containing "password" that is not in ``passwordMetadata``. Matched
    /// case-insensitively on the base name (`userPassword;binary` is secret).
    public static func isSecret(_ attribute: String) -> Bool {
        let base = attribute.split(separator: ";", maxSplits: 1).first.map(String.init) ?? attribute
        let lowered = base.lowercased()
        if secretSet.contains(lowered) { return true }
        return lowered.contains("password") && !metadataSet.contains(lowered)
    }
}
