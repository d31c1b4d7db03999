/// Terminal column width of text: wide (East Asian) characters take two columns, combining marks none.
enum DisplayWidth {
    static func of(_ s: String) -> Int {
        var width = 0
        for scalar in s.unicodeScalars { width += of(scalar) }
        return width
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return v < 0x20 ? 0 : 1 }
        if (0x300..<0x370).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        if scalar.properties.generalCategory == .nonspacingMark { return 0 }
        return 1
    }

    /// The longest prefix of `s` that fits in `width` columns, with "…" if anything was cut.
    static func truncate(_ s: String, to width: Int) -> String {
        guard of(s) > width else { return s }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = ""
        var used = 0
        for character in s {
            let w = of(String(character))
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// Splits `s` into lines of at most `width` columns, breaking at spaces where possible.
    static func wrap(_ s: String, to width: Int) -> [String] {
        guard width > 0 else { return [s] }
        var lines: [String] = []
        var line = ""
        var used = 0
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            var piece = String(word)
            var w = of(piece)
            if used > 0, used + 1 + w > width {
                lines.append(line)
                line = ""
                used = 0
            }
            while w > width {  // a word longer than the column: hard break
                let head = String(piece.prefix(while: { _ in true }).prefix(width))
                var cut = head
                while of(cut) > width { cut.removeLast() }
                lines.append(cut)
                piece.removeFirst(cut.count)
                w = of(piece)
            }
            if used > 0 {
                line += " "
                used += 1
            }
            line += piece
            used += w
        }
        lines.append(line)
        return lines
    }
}
