import TitleRules

/// The version printed by `zcsh --version` and in recorded script headers.
public enum ZcshVersion {
    public static let string = "0.1.0"
    /// `职称评审数据 shell（<notice>规则包）`, naming the built-in pack's notice.
    public static var tagline: String { "职称评审数据 shell" + (RulePack.builtinNotice().map { "（\($0)规则包）" } ?? "") }
}
