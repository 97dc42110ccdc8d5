import Foundation

/// A file the command could not read or write, said plainly.
///
/// Foundation's file errors print as `Error Domain=NSCocoaErrorDomain
/// Code=4 … UserInfo={…}`; users need the path and the reason.
struct FileErrorMessage: Error, CustomStringConvertible {
    let description: String
    /// The file could not be read: an input (exit status 2, see ``FundTrace/main()``).
    var isInput = false

    /// `error` restated when it is a Foundation file error naming a path; otherwise `error` itself.
    static func restating(_ error: Error) -> Error {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain else { return error }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        guard let path else { return error }
        let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? Error).map { $0 as NSError }
        let reason = underlying.map { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : $0.localizedDescription }
            ?? ns.localizedDescription
        let verb: String
        switch ns.code {
        case 256..<512: verb = "cannot read"  // NSFileReadUnknownError … NSFileReadMaximum
        case 512..<768: verb = "cannot write"  // NSFileWriteUnknownError … NSFileWriteMaximum
        default: verb = "cannot open"
        }
        return FileErrorMessage(description: "\(verb) \(path): \(reason)", isInput: verb == "cannot read")
    }
}
