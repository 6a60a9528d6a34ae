import Foundation
import RosterData

/// Ctrl-C while a command runs: the SIGINT handler raises `LoadCancellation.flag` (an
/// atomic); long loops poll `Session.cancelRequested` and stop cleanly, leaving data and
/// files as they were.
public enum InterruptFlag {
    public static var isRaised: Bool { LoadCancellation.isRequested() }
    public static func clear() { LoadCancellation.clear() }

    /// Installs the handler (without SA_RESTART, so blocking reads return).
    public static func install() {
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = { _ in LoadCancellation.raise() }
        #else
        action.__sigaction_u.__sa_handler = { _ in LoadCancellation.raise() }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; Ctrl-C must still reach us.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
