/// Anything whose attributes a filter, an exclusion rule or an expression can
/// read: a directory entry, a business-data row, a profile under construction.
public protocol AttributeSource {
    /// The entry's distinguished name, when it has one.
    var distinguishedName: String? { get }

    /// All values of `attribute`, matched case-insensitively on the base name
    /// (`cn` finds `CN`; options such as `;binary` are ignored). Empty when absent.
    func values(of attribute: String) -> [AttributeValue]
}

extension AttributeSource {
    /// Whether `attribute` has at least one value.
    public func has(_ attribute: String) -> Bool { !values(of: attribute).isEmpty }
}
