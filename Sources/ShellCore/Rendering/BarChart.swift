import RosterData
import ShellLang

/// Horizontal bars aligned by display width, for `count by … --chart` and `stats … by`.
public enum BarChart {
    public static func render(labels: [String], values: [Double], session: Session, width: Int = 40) -> String {
        let labelWidth = min(30, labels.map(displayWidth).max() ?? 0)
        let maxValue = values.max() ?? 0
        let barWidth = max(10, min(width, (session.output.terminalWidth ?? 100) - labelWidth - 14))
        return zip(labels, values).map { label, v in
            let n = maxValue > 0 ? Int((v / maxValue * Double(barWidth)).rounded()) : 0
            let bar = String(repeating: "█", count: n) + (n == 0 && v > 0 ? "▏" : "")
            return pad(truncate(toWidth: labelWidth, label), toWidth: labelWidth) + "  " + session.paint(bar, .cyan) + " " + formatValue(v == v.rounded() ? .int(Int(v)) : .double(v))
        }.joined(separator: "\n")
    }
}

extension Session {
    /// Prints a bar chart, and hands it to the report collector as a chart.
    public func emitChart(title: String, labels: [String], values: [Double]) {
        collector?.blocks.append(.chart(title: title, labels: labels, values: values))
        output.write(BarChart.render(labels: labels, values: values, session: self) + "\n")
    }
}
