/// Problems opening or using the profile store.
public enum StoreError: Error, CustomStringConvertible {
    case io(String)
    case missing(String)
    case damaged(String)

    public var description: String {
        switch self {
        case .io(let message): message
        case .missing(let path): "no profile store at \(path) (run 'profilesync sync' first)"
        case .damaged(let message): "the profile store is damaged: \(message)"
        }
    }
}
