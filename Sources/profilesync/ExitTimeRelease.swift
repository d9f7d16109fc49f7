/// Keeps a finished run's data until the process exits instead of freeing it.
///
/// A 100,000-profile run holds millions of small objects; releasing them one
/// by one took about a second after the work was done (measured between
/// `timing: total` and the exit), while the kernel reclaims the whole heap at
/// exit at once. Only for values the command is done with just before it
/// returns, and never for anything that holds the store open (the prior
/// state's loaders do): the last connection's close is what checkpoints the
/// WAL into the store file. A long-lived process must not call this.
enum ExitTimeRelease {
    private final class Holder<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    static func keep<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Holder(value))
    }
}
