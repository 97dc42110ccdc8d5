
/// A CSV field without surrounding spaces and tabs (the contract trims every
/// field); empty when the row ends before it.
package func trimmedField(_ reader: CSVReader, _ i: Int) -> ArraySlice<UInt8> {
    guard i < reader.fieldCount else { return [] }
    var s = reader.field(i)
    while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
    while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
    return s
}
