/// Where an evaluation reads attribute values from. Built once per profile;
/// the closure is called for each reference the expression evaluates.
public struct ExpressionContext {
    let resolve: (AttributeReference) -> [AttributeValue]

    /// `resolve` returns every value of the referenced attribute (empty when
    /// absent); binary values become `.bytes`, text becomes `.string`.
    public init(resolve: @escaping (AttributeReference) -> [AttributeValue]) {
        self.resolve = resolve
    }

    /// Reads every reference from one source, whatever connection it names.
    public init(source: some AttributeSource) {
        self.resolve = { source.values(of: $0.attribute) }
    }
}
