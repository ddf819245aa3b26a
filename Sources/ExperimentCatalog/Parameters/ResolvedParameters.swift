import SweepModel

/// An experiment's complete parameters after `ExperimentDescriptor.resolve` checked every one of them:
/// each read returns the checked value and cannot fail.
public struct ResolvedParameters: Sendable, Hashable {
    public let values: Parameters

    init(checked values: Parameters) {
        self.values = values
    }

    public func real(_ name: String) -> Double {
        values[name]?.doubleValue ?? 0
    }

    public func integer(_ name: String) -> Int {
        values[name]?.intValue ?? 0
    }

    public func text(_ name: String) -> String {
        values[name]?.description ?? ""
    }

    public func flag(_ name: String) -> Bool {
        values[name]?.doubleValue == 1
    }

    /// A `realOrAuto` parameter's number, or `auto` when it says auto.
    public func real(_ name: String, auto: Double) -> Double {
        values[name] == .string("auto") ? auto : real(name)
    }

    /// "batch=4096, dim=128": the named values, for messages.
    public func describe(_ names: [String]) -> String {
        names.map { "\($0)=\(values[$0]?.description ?? "?")" }.joined(separator: ", ")
    }
}
