import Foundation
import RosterData

/// Ctrl-C while a command runs: the SIGINT handler raises this flag; long loops poll
/// `Session.cancelRequested` and stop cleanly, leaving data and files as they were.
public enum InterruptFlag {
    nonisolated(unsafe) public static var raised: sig_atomic_t = 0

    /// Installs the handler (without SA_RESTART, so blocking reads return).
    public static func install() {
        LoadCancellation.isRequested = { InterruptFlag.raised != 0 }
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = { _ in InterruptFlag.raised = 1 }
        #else
        action.__sigaction_u.__sa_handler = { _ in InterruptFlag.raised = 1 }
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
