import SweepModel

extension DemandRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(sweeps: try reader.readStrings())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(strings: sweeps)
    }
}

extension WorkDemand.Group: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            requirements: try reader.read(), isCommand: try reader.readBool(), pending: try reader.readInt(),
            running: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(requirements)
        writer.write(isCommand)
        writer.write(pending)
        writer.write(running)
    }
}

extension WorkDemand: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(groups: try reader.readArray(), held: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(groups)
        writer.write(held)
    }
}

extension PilotJob: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(jobID: try reader.readString(), state: try reader.readString(), submittedAt: try reader.readDouble())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(jobID)
        writer.write(state)
        writer.write(submittedAt)
    }
}

extension PilotReport: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(allocator: try reader.readString(), pilots: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(allocator)
        writer.write(pilots)
    }
}

extension PilotStatus: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            allocator: try reader.readString(), job: try reader.read(), reportedAt: try reader.readDouble(),
            workers: try reader.readStrings(), holding: try reader.readInt(), tasksDone: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(allocator)
        writer.write(job)
        writer.write(reportedAt)
        writer.write(strings: workers)
        writer.write(holding)
        writer.write(tasksDone)
    }
}

extension WireReader {
    /// Strings behind a 32-bit count.
    fileprivate mutating func readStrings() throws(ProtocolError) -> [String] {
        let count = try readCount(minimumElementSize: 4)
        var strings: [String] = []
        for _ in 0..<count { strings.append(try readString()) }
        return strings
    }
}

extension WireWriter {
    fileprivate mutating func write(strings: [String]) {
        writeCount(strings.count)
        for string in strings { write(string) }
    }
}
