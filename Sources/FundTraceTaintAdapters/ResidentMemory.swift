import Foundation

/// The process's resident memory, for a run that must stop before it outgrows the memory it was given.
enum ResidentMemory {
    /// Resident bytes (Linux: `/proc/self/statm`), or nil where the system does not say.
    static func bytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
