import Foundation
import SweepModel
import WireProtocol

/// The API's JSON documents that the CLI has no printer for.
enum JSONDocuments {
    static func tasks(_ tasks: [(TaskRecord, AttemptLog?)]) -> String {
        let items = tasks.map { record, log in
            "{\"task_id\":\(record.taskID),\"key\":\(JSONText.quote(record.key)),"
                + "\"state\":\"\(record.state.rawValue)\",\"attempts\":\(record.attempts),"
                + "\"error\":\(record.error.map(JSONText.quote) ?? "null"),"
                + "\"parameters\":\(record.parameters.canonicalJSON),"
                + "\"stdout_tail\":\(JSONText.quote(log?.tails.stdout ?? "")),"
                + "\"stderr_tail\":\(JSONText.quote(log?.tails.stderr ?? ""))}"
        }
        return "{\"tasks\":[" + items.joined(separator: ",") + "]}"
    }

    static func logs(_ logs: [AttemptLog]) -> String {
        let items = logs.map { log in
            "{\"task_key\":\(JSONText.quote(log.key)),\"attempt\":\(log.attempt),"
                + "\"outcome\":\(JSONText.quote(log.outcome)),\"host\":\(JSONText.quote(log.host)),"
                + "\"detail\":\(log.detail.map(JSONText.quote) ?? "null"),"
                + "\"stdout\":\(JSONText.quote(log.tails.stdout)),\"stderr\":\(JSONText.quote(log.tails.stderr))}"
        }
        return "{\"logs\":[" + items.joined(separator: ",") + "]}"
    }

    static func control(_ reply: ControlReply) -> String {
        "{\"sweep\":\(JSONText.quote(reply.sweep)),\"action\":\"\(reply.action.rawValue)\","
            + "\"changed\":\(reply.changed)}"
    }
}
