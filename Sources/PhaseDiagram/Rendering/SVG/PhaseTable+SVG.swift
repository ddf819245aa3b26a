extension PhaseTable {
    /// An SVG 1.1 figure: heatmap panels per facet value with a colour bar for a two-axis query, or a line
    /// plot with confidence bands (and the reference curve, when the metric has one) for a one-axis query.
    /// `logScale` overrides the x axis scale of line plots, which is logarithmic for log-spaced axes.
    public func svg(logScale: Bool? = nil) -> String {
        if y != nil { return SVGHeatmap(table: self).render() }
        let positive = x.numericValues?.allSatisfy { $0 > 0 } ?? false
        return SVGLinePlot(table: self, logarithmic: positive && (logScale ?? x.isLogarithmic)).render()
    }
}
