import CEditLine
import Foundation
import LagebildREPL

/// libedit behind the `LineReader` protocol: prompt, history file, TAB completion, Ctrl-C drops the line.
///
/// libedit's C callbacks capture nothing; they find this object through `EL_CLIENTDATA`. Signals stay with
/// the process (EL_SIGNAL off, `-isig`): ^C arrives as a key bound to "drop the line", which is race-free.
/// It shows "^C", ends the line and marks it interrupted, so that the session also drops a query left
/// open on earlier lines (as a shell does).
final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    private var promptBuffer: [CChar] = [0]
    private let historyPath: String
    /// Set by the ^C key; the line it ended is not input.
    private var interrupted = false
    var completer: () -> Completer

    init?(historyPath: String, completer: @escaping () -> Completer) {
        // libedit reads multibyte characters only under a UTF-8 character type; without one it drops every
        // byte above 127 ("Südkorea" arrives as "Sdkorea"). Take the user's locale, and fall back to
        // C.UTF-8 when that is the plain C locale (as in many containers and tmux sessions).
        let current = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard let input = fdopen(STDIN_FILENO, "r"), let output = fdopen(STDOUT_FILENO, "w"),
            let errorOutput = fdopen(STDERR_FILENO, "w"),
            let editLine = el_init("lagebild", input, output, errorOutput), let history = history_init()
        else { return nil }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
        self.completer = completer
        lagebild_history_setsize(history, &event, 2000)
        lagebild_history_setunique(history, &event, 1)
        lagebild_history_load(history, &event, historyPath)
        lagebild_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        lagebild_el_set_editor(editLine, "emacs")
        lagebild_el_set_signal(editLine, 0)
        lagebild_el_set_hist(editLine, history)
        lagebild_el_set_prompt(editLine) { el in
            guard let el, let data = lagebild_el_get_clientdata(el) else { return nil }
            let reader = Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
            return reader.promptBuffer.withUnsafeMutableBufferPointer { $0.baseAddress }
        }
        lagebild_el_set_addfn(editLine, "lagebild-complete", "complete a command or name") { el, _ in
            guard let el, let data = lagebild_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().complete(el)
        }
        lagebild_el_set_addfn(editLine, "lagebild-interrupt", "drop the line and any open query") { el, _ in
            guard let el, let data = lagebild_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().interrupted = true
            // Show "^C" at the end of the line, then end it as Return would (the newline is read next).
            let info = el_line(el)!.pointee
            el_cursor(el, Int32(info.lastchar - info.cursor))
            el_insertstr(el, "^C")
            el_push(el, "\n")
            return UInt8(CC_REFRESH)
        }
        lagebild_el_bind(editLine, "^I", "lagebild-complete")
        lagebild_el_setty(editLine, "-d", "-isig")
        lagebild_el_bind(editLine, "^C", "lagebild-interrupt")
        lagebild_el_bind(editLine, "^R", "em-inc-search-prev")
        lagebild_el_bind(editLine, "\\e[A", "ed-prev-history")
        lagebild_el_bind(editLine, "\\e[B", "ed-next-history")
    }

    deinit {
        lagebild_history_save(history, &event, historyPath)
        history_end(history)
        el_end(editLine)
    }

    func readLine(prompt: String) -> LineInput? {
        promptBuffer = Array(prompt.utf8CString)
        el_resize(editLine)
        interrupted = false
        var count: Int32 = 0
        guard let line = el_gets(editLine, &count), count > 0 else { return nil }
        if interrupted { return .interrupted }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    func remember(_ line: String) {
        lagebild_history_enter(history, &event, line)
        lagebild_history_save(history, &event, historyPath)
    }

    private func complete(_ el: OpaquePointer) -> UInt8 {
        let info = el_line(el)!.pointee
        let length = info.cursor - info.buffer
        let before = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: length), as: UTF8.self)
        guard let edit = completer().edit(for: before) else { return UInt8(CC_REFRESH_BEEP) }
        if edit.list.isEmpty {
            if edit.delete > 0 { el_deletestr(el, Int32(edit.delete)) }
            el_insertstr(el, edit.insert)
            return UInt8(CC_REFRESH)
        }
        let candidates = edit.list
        let list = "\n" + candidates.prefix(60).joined(separator: "  ") + (candidates.count > 60 ? "  …" : "") + "\n"
        _ = list.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        return UInt8(CC_REDISPLAY)
    }
}
