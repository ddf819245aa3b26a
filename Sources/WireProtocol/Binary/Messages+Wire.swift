import SweepModel

extension Hello: WireCodable {
    /// Reads the version first; a hello of another version is returned with only its version, so that the
    /// coordinator can refuse it by name instead of failing to parse it.
    public init(from reader: inout WireReader) throws(ProtocolError) {
        let version = try reader.readInt()
        guard version == WireLimits.protocolVersion else {
            self.init(protocolVersion: version, token: "", role: .client, worker: nil)
            return
        }
        self.init(
            protocolVersion: version, token: try reader.readString(), role: try reader.read(),
            worker: try reader.readOptional())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(protocolVersion)
        writer.write(token)
        writer.write(role)
        writer.write(worker)
    }
}

extension Hello.Role: RawNamedWire {}
extension ControlRequest.Action: RawNamedWire {}
extension Refusal.Code: RawNamedWire {}

extension WorkerInfo: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            id: try reader.readString(), host: try reader.readString(), cpuModel: try reader.readString(),
            threads: try reader.readInt(), pid: try reader.readInt(), version: try reader.readString(),
            capacity: try reader.read(), allowsCommands: try reader.readBool(), gpuIDs: try reader.readIDList(),
            slurmJobID: try reader.readOptionalString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(id)
        writer.write(host)
        writer.write(cpuModel)
        writer.write(threads)
        writer.write(pid)
        writer.write(version)
        writer.write(capacity)
        writer.write(allowsCommands)
        writer.write(gpuIDs.joined(separator: ","))
        writer.write(slurmJobID)
    }
}

extension ClaimRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            limit: try reader.readInt(), waitSeconds: try reader.readDouble(), returnWhenIdle: try reader.readBool(),
            free: try reader.readOptional(), rounds: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(limit)
        writer.write(waitSeconds)
        writer.write(returnWhenIdle)
        writer.write(free)
        writer.write(rounds)
    }
}

extension HeartbeatRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(leases: try reader.readArray(), running: try reader.readArray(), free: try reader.readOptional())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(leases)
        writer.write(running)
        writer.write(free)
    }
}

extension RunReport: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            taskID: try reader.readInt64(), attemptID: try reader.readInt64(), startedAt: try reader.readDouble(),
            progress: try reader.readString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(taskID)
        writer.write(attemptID)
        writer.write(startedAt)
        writer.write(progress)
    }
}

extension TaskResult: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            lease: try reader.read(), metrics: try reader.read(), provenance: try reader.read(),
            stdoutTail: try reader.readString(), stderrTail: try reader.readString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(lease)
        writer.write(metrics)
        writer.write(provenance)
        writer.write(stdoutTail)
        writer.write(stderrTail)
    }
}

extension CompleteRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(results: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(results)
    }
}

extension TaskFailure: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            lease: try reader.read(), error: try reader.readString(), stdoutTail: try reader.readString(),
            stderrTail: try reader.readString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(lease)
        writer.write(error)
        writer.write(stdoutTail)
        writer.write(stderrTail)
    }
}

extension FailRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(failures: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(failures)
    }
}

extension ReleaseRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(leases: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(leases)
    }
}

extension SubmitRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            file: try reader.readString(), text: try reader.readString(), directory: try reader.readString(),
            codeHash: try reader.readOptionalString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(file)
        writer.write(text)
        writer.write(directory)
        writer.write(codeHash)
    }
}

extension StatusRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(sweep: try reader.readOptionalString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(sweep)
    }
}

extension ExportRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(sweep: try reader.readString(), afterTaskID: try reader.readInt64(), limit: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(sweep)
        writer.write(afterTaskID)
        writer.write(limit)
    }
}

extension LogsRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            sweep: try reader.readString(), keyPrefix: try reader.readOptionalString(),
            state: try reader.readOptional(), attempt: try reader.readOptionalInt64().map { Int($0) },
            afterTaskID: try reader.readInt64(), afterAttemptID: try reader.readInt64(), limit: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(sweep)
        writer.write(keyPrefix)
        writer.write(state)
        writer.write(attempt.map { Int64($0) })
        writer.write(afterTaskID)
        writer.write(afterAttemptID)
        writer.write(limit)
    }
}

extension CodeChunk: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            hash: try reader.readString(), offset: try reader.readInt(), total: try reader.readInt(),
            bytes: try reader.readBytes())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(hash)
        writer.write(offset)
        writer.write(total)
        writer.write(bytes: bytes)
    }
}

extension CodeRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(hash: try reader.readString(), offset: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(hash)
        writer.write(offset)
    }
}

extension LogsPage: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(entries: try reader.readArray(), more: try reader.readBool())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(entries)
        writer.write(more)
    }
}

extension ControlRequest: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            sweep: try reader.readString(), action: try reader.read(), states: try reader.readArray(),
            stopRunning: try reader.readBool())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(sweep)
        writer.write(action)
        writer.write(states)
        writer.write(stopRunning)
    }
}

extension Welcome: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            protocolVersion: try reader.readInt(), coordinatorVersion: try reader.readString(),
            leaseSeconds: try reader.readDouble(), heartbeatSeconds: try reader.readDouble())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(protocolVersion)
        writer.write(coordinatorVersion)
        writer.write(leaseSeconds)
        writer.write(heartbeatSeconds)
    }
}

extension Refusal: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(code: try reader.read(), message: try reader.readString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(code)
        writer.write(message)
    }
}

extension ClaimReply: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(tasks: try reader.readArray(), idle: try reader.readBool())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(tasks)
        writer.write(idle)
    }
}

extension HeartbeatReply: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(lost: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(lost)
    }
}

extension ReportReply.Entry: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(lease: try reader.read(), accepted: try reader.readBool())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(lease)
        writer.write(accepted)
    }
}

extension ReportReply: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(entries: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(entries)
    }
}

extension StatusReply: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(sweeps: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(sweeps)
    }
}

extension ExportPage: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            records: try reader.readArray(), nextAfterTaskID: try reader.readOptionalInt64(),
            axes: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(records)
        writer.write(nextAfterTaskID)
        writer.write(axes)
    }
}

extension ControlReply: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(sweep: try reader.readString(), action: try reader.read(), changed: try reader.readInt())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(sweep)
        writer.write(action)
        writer.write(changed)
    }
}

extension WorkerStatus: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(
            id: try reader.readString(), host: try reader.readString(), threads: try reader.readInt(),
            version: try reader.readString(), connectedAt: try reader.readDouble(),
            lastSeenAt: try reader.readDouble(), leases: try reader.readArray(), tasksDone: try reader.readInt(),
            allowsCommands: try reader.readBool(), running: try reader.readArray(), capacity: try reader.read(),
            free: try reader.readOptional(), gpuIDs: try reader.readIDList(),
            slurmJobID: try reader.readOptionalString())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(id)
        writer.write(host)
        writer.write(threads)
        writer.write(version)
        writer.write(connectedAt)
        writer.write(lastSeenAt)
        writer.write(leases)
        writer.write(tasksDone)
        writer.write(allowsCommands)
        writer.write(running)
        writer.write(capacity)
        writer.write(free)
        writer.write(gpuIDs.joined(separator: ","))
        writer.write(slurmJobID)
    }
}

extension WorkersReply: WireCodable {
    public init(from reader: inout WireReader) throws(ProtocolError) {
        self.init(workers: try reader.readArray(), pilots: try reader.readArray())
    }

    public func write(to writer: inout WireWriter) {
        writer.write(workers)
        writer.write(pilots)
    }
}
