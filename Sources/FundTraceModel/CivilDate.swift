/// A Unix time as a UTC calendar date and time of day (Howard Hinnant's civil-from-days algorithm):
/// exact integer arithmetic, no time-zone database, any year.
public struct CivilDate: Sendable, Equatable {
    public var year: Int64, month: Int64, day: Int64
    /// Seconds since midnight UTC.
    public var seconds: Int64

    public init(unixTime t: Int64) {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        seconds = t - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `YYYY-MM-DD`.
    public var isoDay: String { "\(year)-\(Self.two(month))-\(Self.two(day))" }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var iso8601: String { isoDay + "T\(Self.two(seconds / 3600)):\(Self.two(seconds % 3600 / 60)):\(Self.two(seconds % 60))Z" }

    static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
