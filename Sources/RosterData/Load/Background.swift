import Dispatch
import Synchronization

/// Runs `work` on another thread; `wait()` returns its result. The caller must wait
/// before the command that started it returns, so no work outlives its command.
///
/// Checked by the compiler: the result crosses threads through a `Mutex`, and the
/// semaphore orders the hand-over.
final class Background<T: Sendable>: Sendable {
    private let result = Mutex<T?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
    }

    /// The result; may be called again.
    func wait() -> T {
        done.wait()
        done.signal()
        return result.withLock { $0! }
    }
}
