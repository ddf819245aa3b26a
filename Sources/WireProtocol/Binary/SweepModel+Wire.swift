import SweepModel

extension ParamValue: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        switch try reader.readByte() {
        case 0: self = .number(try reader.readDouble())
        case 1: self = .string(try reader.readString())
        case 2: self = .bool(try reader.readBool())
        case let tag: throw .malformedMessage("unknown parameter value tag \(tag)")
        }
    }

    public func write(to writer: inout WireWriter) {
        switch self {
        case .number(let value):
            writer.write(0 as UInt8)
            writer.write(value)
        case .string(let text):
            writer.write(1 as UInt8)
            writer.write(text)
        case .bool(let flag):
            writer.write(2 as UInt8)
            writer.write(flag)
        }
    }
}

extension Parameters: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        let count = try reader.readCount(minimumElementSize: 5)
        var values: [String: ParamValue] = [:]
        values.reserveCapacity(count)
        for _ in 0..<count {
            let name = try reader.readString()
            values[name] = try reader.read(ParamValue.self)
        }
        self.init(values)
    }

    public func write(to writer: inout WireWriter) {
        writer.writeCount(values.count)
        for (name, value) in values {
            writer.write(name)
            writer.write(value)
        }
    }
}

extension Metrics: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        let count = try reader.readCount(minimumElementSize: 12)
        self.init()
        for _ in 0..<count {
            let name = try reader.readString()
            self[name] = try reader.readDouble()
        }
    }

    public func write(to writer: inout WireWriter) {
        writer.writeCount(names.count)
        for (name, value) in self {
            writer.write(name)
            writer.write(value)
        }
    }
}

extension Lease: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(taskID: try reader.readInt64(), attemptID: try reader.readInt64(), secret: try reader.readString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(taskID)
        writer.write(attemptID)
        writer.write(secret)
    }
}

extension Provenance: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            host: try reader.readString(), cpuModel: try reader.readString(), threads: try reader.readInt(),
            version: try reader.readString(), startedAt: try reader.readDouble(), endedAt: try reader.readDouble(),
            wallSeconds: try reader.readDouble(), peakRSSBytes: try reader.readInt(), kernels: try reader.readString(),
            taskFolder: try reader.readString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(host)
        writer.write(cpuModel)
        writer.write(threads)
        writer.write(version)
        writer.write(startedAt)
        writer.write(endedAt)
        writer.write(wallSeconds)
        writer.write(peakRSSBytes)
        writer.write(kernels)
        writer.write(taskFolder)
    }
}

extension LeasedTask: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            lease: try reader.read(), key: try reader.readString(), experiment: try reader.readString(),
            parameters: try reader.read(), previousAttempts: try reader.readInt(),
            command: try reader.readOptionalString().map { text throws(ProtocolError) in try CommandSpec.wire(text) },
            requirements: try reader.read())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(lease)
        writer.write(key)
        writer.write(experiment)
        writer.write(parameters)
        writer.write(previousAttempts)
        writer.write(command?.definitionJSON)
        writer.write(requirements)
    }
}

extension WorkerResources: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            slots: try reader.readInt(), cores: try reader.readInt(), memoryMB: try reader.readInt(),
            gpus: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(slots)
        writer.write(cores)
        writer.write(memoryMB)
        writer.write(gpus)
    }
}

extension Requirements: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(cores: try reader.readInt(), memoryMB: try reader.readInt(), gpus: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(cores)
        writer.write(memoryMB)
        writer.write(gpus)
    }
}

extension SubmitOutcome: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(sweep: try reader.readString(), added: try reader.readInt(), existing: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(sweep)
        writer.write(added)
        writer.write(existing)
    }
}

/// Enums written by their raw names, so that adding a case never shifts the others.
protocol RawNamedWire: WireCodable, RawRepresentable where RawValue == String {}

extension RawNamedWire {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        let name = try reader.readString()
        guard let value = Self(rawValue: name) else {
            throw .malformedMessage("unknown \(Self.self) '\(name.prefix(40))'")
        }
        self = value
    }

    public func write(to writer: inout WireWriter) {
        writer.write(rawValue)
    }
}

extension TaskState: RawNamedWire {}
extension SweepState: RawNamedWire {}
extension Axis.Spacing: RawNamedWire {}

extension Axis: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(name: try reader.readString(), values: try reader.readArray(), spacing: try reader.read())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(name)
        writer.write(values)
        writer.write(spacing)
    }
}

extension SweepProgress: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            name: try reader.readString(), experiment: try reader.readString(), state: try reader.read(),
            priority: try reader.readInt(), total: try reader.readInt(), pending: try reader.readInt(),
            running: try reader.readInt(), done: try reader.readInt(), failed: try reader.readInt(),
            held: try reader.readInt(), cancelled: try reader.readInt(), throughput: try reader.readDouble(),
            etaSeconds: try reader.readOptionalDouble(), started: try reader.readOptionalInt64().map { Int($0) },
            requirements: try reader.read(), waiting: try reader.readOptionalString())
        refinement = try reader.readOptional()
    }

    public func write(to writer: inout WireWriter) {
        writer.write(name)
        writer.write(experiment)
        writer.write(state)
        for count in [priority, total, pending, running, done, failed, held, cancelled] { writer.write(count) }
        writer.write(throughput)
        writer.write(etaSeconds)
        writer.write(started.map { Int64($0) })
        writer.write(requirements)
        writer.write(waiting)
        writer.write(refinement)
    }
}

extension RefinementProgress: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            round: try reader.readInt(), rounds: try reader.readInt(),
            end: try reader.readOptionalString().map(End.init(text:)))
    }

    public func write(to writer: inout WireWriter) {
        writer.write(round)
        writer.write(rounds)
        writer.write(end?.description)
    }
}

extension TaskRecord: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            taskID: try reader.readInt64(), key: try reader.readString(), experiment: try reader.readString(),
            parameters: try reader.read(), state: try reader.read(), attempts: try reader.readInt(),
            error: try reader.readOptionalString(), metrics: try reader.readOptional(),
            provenance: try reader.readOptional())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(taskID)
        writer.write(key)
        writer.write(experiment)
        writer.write(parameters)
        writer.write(state)
        writer.write(attempts)
        writer.write(error)
        writer.write(metrics)
        writer.write(provenance)
    }
}

extension AttemptLog: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            taskID: try reader.readInt64(), attemptID: try reader.readInt64(), key: try reader.readString(),
            attempt: try reader.readInt(), outcome: try reader.readString(), host: try reader.readString(),
            taskState: try reader.readString(), detail: try reader.readOptionalString(),
            tails: AttemptLogTails(stdout: try reader.readString(), stderr: try reader.readString()))
    }

    public func write(to writer: inout WireWriter) {
        writer.write(taskID)
        writer.write(attemptID)
        writer.write(key)
        writer.write(attempt)
        writer.write(outcome)
        writer.write(host)
        writer.write(taskState)
        writer.write(detail)
        writer.write(tails.stdout)
        writer.write(tails.stderr)
    }
}
