import CFundTracePrefetch

/// Storage for large tables of per-key records that a sweep reads at random.
///
/// Exists because such a sweep is bound by memory access: with 4 KiB pages a
/// table of 1 M keys (128 MB) misses the TLB on almost every record and each
/// miss adds a page walk. Blocks of 2 MiB and more are aligned to 2 MiB and
/// advised to use huge pages (Linux, `MADV_HUGEPAGE`), which keeps the whole
/// table within the TLB; smaller blocks are allocated as usual.
package enum RecordMemory {
    public static let hugePage = 2 << 20

    /// Uninitialised memory of `byteCount` bytes aligned to at least
    /// `alignment`; free it with `deallocate()`.
    public static func allocate(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer {
        guard byteCount >= hugePage else { return .allocate(byteCount: byteCount, alignment: alignment) }
        let rounded = (byteCount + hugePage - 1) & ~(hugePage - 1)
        let p = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: Swift.max(alignment, hugePage))
        _ = ft_advise_huge_pages(p, rounded)  // a hint: without it the table works, only slower
        return p
    }
}
