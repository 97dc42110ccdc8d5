/// A snapshot of a load in progress, reported every few thousand rows.
public struct LoadProgress: Sendable {
    public var file: String
    public var rows: Int
    public var bytesConsumed: Int64
    public var fileSize: Int64
    public var elapsedSeconds: Double

    public var rowsPerSecond: Double { elapsedSeconds > 0 ? Double(rows) / elapsedSeconds : 0 }
    public var fraction: Double { fileSize > 0 ? Double(bytesConsumed) / Double(fileSize) : 1 }
}
