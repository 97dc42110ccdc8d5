import Foundation

/// Runs a command and reports its wall time and peak resident memory
/// (`wait4`'s rusage: Foundation's Process does not expose it).
enum ChildProcess {
    struct Outcome { var seconds: Double; var maxRSSKiB: Int; var status: Int32; var output: String }

    static func run(_ argv: [String], stdoutTo path: String? = nil) throws -> Outcome {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let out = path ?? "/tmp/fundtrace-bench-child.out"
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cargs = argv.map { strdup($0) } + [nil]
        defer { cargs.forEach { free($0) } }
        let start = Date()
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, cargs, environ)
        guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot run \(argv[0])"]) }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Date().timeIntervalSince(start)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return Outcome(seconds: seconds, maxRSSKiB: Int(usage.ru_maxrss), status: status, output: text)
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Peak resident memory of this process so far, in MiB.
func selfPeakRSSMiB() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_maxrss) / 1024
}
