/// The version printed by `zcsh --version` and in recorded script headers.
public enum ZcshVersion {
    public static let string = "0.1.0"
}
