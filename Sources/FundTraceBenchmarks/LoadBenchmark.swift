import Foundation
import FundTraceStore

/// `fundtrace load` of a generated `token_transfers.csv` against the sqlite3
/// shell's `.import --csv` of the same file into a plain table, same run.
enum LoadBenchmark {
    /// Writes `rows` ethereum-etl token transfers: 200,000 distinct addresses,
    /// 50 tokens, values up to 2^256−1 now and then, ~2 transfers per
    /// transaction. Addresses and hashes are pseudo-random hex, as on chain
    /// (no long shared prefixes that would flatter or penalise text indexes).
    static func generate(rows: Int, path: String) throws {
        var file = try GeneratedFile(path: path, header: "token_address,from_address,to_address,value,transaction_hash,log_index,block_number\n")
        var seed: UInt64 = 0x5EED
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 11 }
        func hex(_ v: UInt64, width: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        /// `width` hex digits derived from `n` by a bijective mix: distinct n, distinct text.
        func word(_ n: UInt64, _ width: Int) -> String {
            var out = ""
            var z = n
            while out.count < width {
                z = z &+ 0x9E37_79B9_7F4A_7C15
                var m = z
                m = (m ^ (m >> 30)) &* 0xBF58_476D_1CE4_E5B9
                m = (m ^ (m >> 27)) &* 0x94D0_49BB_1331_11EB
                out += hex(m ^ (m >> 31), width: 16)
            }
            return String(out.prefix(width))
        }
        for i in 0..<rows {
            let token = next() % 50, from = next() % 200_000, to = next() % 200_000
            let value: String = i % 1000 == 0 ? "115792089237316195423570985008687907853269984665640564039457584007913129639935" : String(next() % 100_000_000_000_000_000) + String(next() % 1000)
            let tx = UInt64(i / 2)
            try file.append("0x\(word(token | 1 << 61, 40)),0x\(word(from, 40)),0x\(word(to, 40)),\(value),0x\(word(tx | 1 << 62, 64)),\(i % 2 + Int(tx % 100) * 2),\(17_000_000 + i / 300)\n")
        }
        try file.close()
    }

    static func run(rows: Int, reps: Int, fundtrace: String, workDir: String) throws -> String {
        let csv = (workDir as NSString).appendingPathComponent("token_transfers_\(rows).csv")
        if !FileManager.default.fileExists(atPath: csv) {
            print("generating \(rows) rows into \(csv)…")
            try generate(rows: rows, path: csv)
        }
        let size = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        print("staging the storage floor (untimed)…")
        let staging = try LoadStorageFloor.stage(csv: csv, workDir: workDir)
        var ft: [Double] = [], imp: [Double] = [], floor: [Double] = [], ftRSS: [Int] = [], impRSS: [Int] = []
        for rep in 1...reps {
            let db1 = (workDir as NSString).appendingPathComponent("bench-load.sqlite")
            let db2 = (workDir as NSString).appendingPathComponent("bench-import.sqlite")
            let db3 = (workDir as NSString).appendingPathComponent("bench-floor.sqlite")
            for p in [db1, db2, db3] { for s in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: p + s) } }
            // A new, empty store for the floor (the schema `fundtrace` creates), untimed.
            // (`fundtrace stats` no longer creates one: read commands refuse a missing store.)
            _ = try TransferStore(path: db3)
            let a = try ChildProcess.run([fundtrace, "load", "--db", db1, csv])
            guard a.status == 0 else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "fundtrace load failed: \(a.output)"]) }
            let b = try ChildProcess.run(["sqlite3", db2, ".import --csv \(csv) token_transfers"])
            guard b.status == 0 else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "sqlite3 .import failed"]) }
            let c = try LoadStorageFloor.run(store: db3, staging: staging)
            ft.append(a.seconds); imp.append(b.seconds); floor.append(c.seconds); ftRSS.append(a.maxRSSKiB); impRSS.append(b.maxRSSKiB)
            print(String(format: "rep %d: fundtrace load %.2f s (%.0f MiB peak), sqlite3 .import %.2f s (%.0f MiB peak), storage floor %.2f s",
                         rep, a.seconds, Double(a.maxRSSKiB) / 1024, b.seconds, Double(b.maxRSSKiB) / 1024, c.seconds))
        }
        let mf = median(ft), mi = median(imp), mfl = median(floor)
        return """
            | load of \(rows) token transfers (\(size / 1_000_000) MB) | median s | rows/s | peak RSS MiB |
            | --- | --- | --- | --- |
            | `fundtrace load` (parse, validate, intern, exact amounts, 3 indexes, provenance) | \(String(format: "%.2f", mf)) | \(Int(Double(rows) / mf)) | \(ftRSS.max()! / 1024) |
            | `sqlite3 .import --csv` into a plain table | \(String(format: "%.2f", mi)) | \(Int(Double(rows) / mi)) | \(impRSS.max()! / 1024) |
            | storage floor: the same rows pre-resolved, inserted set-wise by SQLite alone (no parsing), 3 indexes built | \(String(format: "%.2f", mfl)) | \(Int(Double(rows) / mfl)) | |
            | ratio (fundtrace rows/s ÷ .import rows/s) | \(String(format: "%.2f", mi / mf)) | | |
            | ratio (storage floor rows/s ÷ .import rows/s) | \(String(format: "%.2f", mi / mfl)) | | |

            """
    }
}
