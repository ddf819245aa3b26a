/// Where the dashboard and the HTTP API listen, what they read, and who may use them.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The coordinator's token: a request presents it as a bearer token, or has a session opened by the login
    /// link that carries it.
    public var token: String
    /// The coordinator's database, read on read-only connections of the web server's own.
    public var database: String
    /// Whether `GET /metrics` is served without the token (for a Prometheus scraper).
    public var metricsWithoutToken: Bool

    public init(host: String, port: Int, token: String, database: String, metricsWithoutToken: Bool = false) {
        self.host = host
        self.port = port
        self.token = token
        self.database = database
        self.metricsWithoutToken = metricsWithoutToken
    }
}
