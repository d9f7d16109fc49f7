/// AD `userAccountControl` flags (MS-ADTS 2.2.16, as documented for the
/// attribute). Profile rules mostly need `accountDisable` (0x2): SharePoint's
/// AD import excludes disabled accounts.
public struct UserAccountControl: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Parses the decimal text AD writes (negative 32-bit values included); nil if not a number.
    public init?(text: String) {
        if let value = UInt32(text) {
            self.init(rawValue: value)
        } else if let value = Int32(text) {
            self.init(rawValue: UInt32(bitPattern: value))
        } else {
            return nil
        }
    }

    public static let script = UserAccountControl(rawValue: 0x1)
    public static let accountDisable = UserAccountControl(rawValue: 0x2)
    public static let homeDirRequired = UserAccountControl(rawValue: 0x8)
    public static let lockout = UserAccountControl(rawValue: 0x10)
    public static let passwordNotRequired = UserAccountControl(rawValue: 0x20)
    public static let passwordCantChange = UserAccountControl(rawValue: 0x40)
    public static let encryptedTextPasswordAllowed = UserAccountControl(rawValue: 0x80)
    public static let tempDuplicateAccount = UserAccountControl(rawValue: 0x100)
    public static let normalAccount = UserAccountControl(rawValue: 0x200)
    public static let interdomainTrustAccount = UserAccountControl(rawValue: 0x800)
    public static let workstationTrustAccount = UserAccountControl(rawValue: 0x1000)
    public static let serverTrustAccount = UserAccountControl(rawValue: 0x2000)
    public static let dontExpirePassword = UserAccountControl(rawValue: 0x10000)
    public static let mnsLogonAccount = UserAccountControl(rawValue: 0x20000)
    public static let smartcardRequired = UserAccountControl(rawValue: 0x40000)
    public static let trustedForDelegation = UserAccountControl(rawValue: 0x80000)
    public static let notDelegated = UserAccountControl(rawValue: 0x100000)
    public static let useDESKeyOnly = UserAccountControl(rawValue: 0x200000)
    public static let dontRequirePreauth = UserAccountControl(rawValue: 0x400000)
    public static let passwordExpired = UserAccountControl(rawValue: 0x800000)
    public static let trustedToAuthForDelegation = UserAccountControl(rawValue: 0x1000000)
    public static let partialSecretsAccount = UserAccountControl(rawValue: 0x4000000)

    /// Whether the account is disabled (ACCOUNTDISABLE).
    public var isDisabled: Bool { contains(.accountDisable) }
}
