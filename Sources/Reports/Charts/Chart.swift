/// A point of a chart in data coordinates.
public struct ChartPoint: Sendable, Equatable {
    /// Horizontal value (a year, for time charts).
    public var x: Double
    /// Vertical value.
    public var y: Double

    /// A point at (`x`, `y`).
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// The shape drawn at each point of a series.
public enum ChartMarker: String, Sendable, Equatable, CaseIterable {
    /// A filled circle.
    case circle
    /// An unfilled circle (for derived or estimated values).
    case hollowCircle
    /// A filled square.
    case square
    /// A filled diamond.
    case diamond
    /// A filled triangle pointing up.
    case triangle
}

/// How a series is drawn.
public enum ChartSeriesStyle: Sendable, Equatable {
    /// A polyline through the points.
    case line
    /// Markers only.
    case points(ChartMarker)
    /// A polyline with a marker at each point.
    case lineAndPoints(ChartMarker)
}

/// One line or point series.
public struct ChartSeries: Sendable, Equatable {
    /// Legend label; nil keeps the series out of the legend.
    public var label: String?
    /// The points, drawn in order (sorted by the caller).
    public var points: [ChartPoint]
    /// Line, points, or both.
    public var style: ChartSeriesStyle
    /// Stroke and fill colour (CSS colour, e.g. `#0072B2`).
    public var color: String
    /// SVG dash pattern (`6 3`), or nil for a solid line; vary it so series differ by more than colour.
    public var dash: String?
    /// Line width in pixels.
    public var lineWidth: Double

    /// A series; see the properties.
    public init(label: String?, points: [ChartPoint], style: ChartSeriesStyle = .line, color: String,
                dash: String? = nil, lineWidth: Double = 2) {
        self.label = label
        self.points = points
        self.style = style
        self.color = color
        self.dash = dash
        self.lineWidth = lineWidth
    }
}

/// A shaded interval band (for example the 80 % or 95 % interval of a projection).
public struct ChartBand: Sendable, Equatable {
    /// Legend label; nil keeps the band out of the legend.
    public var label: String?
    /// Horizontal positions, increasing.
    public var x: [Double]
    /// Lower bound at each position.
    public var lower: [Double]
    /// Upper bound at each position.
    public var upper: [Double]
    /// Fill colour.
    public var color: String
    /// Fill opacity (0…1).
    public var opacity: Double

    /// A band; `x`, `lower` and `upper` must have the same length (extra entries are ignored).
    public init(label: String?, x: [Double], lower: [Double], upper: [Double], color: String, opacity: Double) {
        self.label = label
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
        self.opacity = opacity
    }
}

/// A target: a horizontal line across the plot at its threshold (a second one at the upper bound of a
/// range) and, when it has a year, a marker at (year, threshold) with a short label.
public struct ChartTarget: Sendable, Equatable {
    /// Legend label; nil keeps the target out of the legend.
    public var label: String?
    /// Text written next to the marker (e.g. `≥ 1000 (2020)`), or nil.
    public var annotation: String?
    /// The target year, or nil for a line without a marker.
    public var x: Double?
    /// The threshold (the lower bound of a range).
    public var value: Double
    /// The upper bound of a range target, or nil.
    public var upper: Double?
    /// Line and marker colour.
    public var color: String

    /// A target; see the properties.
    public init(label: String?, annotation: String? = nil, x: Double?, value: Double, upper: Double? = nil, color: String) {
        self.label = label
        self.annotation = annotation
        self.x = x
        self.value = value
        self.upper = upper
        self.color = color
    }
}

/// One axis: its title (usually the unit) and how its ticks are chosen.
public struct ChartAxis: Sendable, Equatable {
    /// Title shown with the axis (the unit for the value axis; may be empty).
    public var title: String
    /// Ticks are whole numbers (years, counts) and printed without decimals.
    public var integerTicks: Bool
    /// The axis range includes zero (honest for levels).
    public var includeZero: Bool
    /// At most this many ticks plus one (fewer when their labels would not fit).
    public var tickCount: Int

    /// An axis; see the properties.
    public init(title: String = "", integerTicks: Bool = false, includeZero: Bool = false, tickCount: Int = 5) {
        self.title = title
        self.integerTicks = integerTicks
        self.includeZero = includeZero
        self.tickCount = tickCount
    }
}

/// A chart value: what to draw, independent of how it is rendered (``SVGRenderer``).
/// Layers are drawn bands first, then target lines, then series, then target markers.
public struct Chart: Sendable, Equatable {
    /// Title above the plot (may be empty).
    public var title: String
    /// A second, smaller line under the title (may be empty).
    public var subtitle: String
    /// Size in pixels.
    public var width: Double, height: Double
    /// The horizontal axis (years by default).
    public var xAxis: ChartAxis
    /// The vertical axis (its title is the unit).
    public var yAxis: ChartAxis
    /// Shaded bands.
    public var bands: [ChartBand]
    /// Line and point series.
    public var series: [ChartSeries]
    /// Target lines and markers.
    public var targets: [ChartTarget]
    /// Whether to draw the legend under the plot.
    public var showLegend: Bool
    /// A fixed vertical range (before nice rounding), or nil to fit the data.
    public var yDomain: ClosedRange<Double>?
    /// A short text description for assistive technology (`<title>` of the SVG); the title when empty.
    public var accessibleDescription: String

    /// A chart; see the properties.
    public init(title: String = "", subtitle: String = "", width: Double = 560, height: Double = 340,
                xAxis: ChartAxis = ChartAxis(integerTicks: true, tickCount: 7), yAxis: ChartAxis = ChartAxis(includeZero: true),
                bands: [ChartBand] = [], series: [ChartSeries] = [], targets: [ChartTarget] = [],
                showLegend: Bool = true, yDomain: ClosedRange<Double>? = nil, accessibleDescription: String = "") {
        self.title = title
        self.subtitle = subtitle
        self.width = width
        self.height = height
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.bands = bands
        self.series = series
        self.targets = targets
        self.showLegend = showLegend
        self.yDomain = yDomain
        self.accessibleDescription = accessibleDescription
    }

    /// Every finite vertical value the chart draws (bands, series, targets).
    public var yValues: [Double] {
        var values: [Double] = []
        for band in bands { values += band.lower + band.upper }
        for line in series { values += line.points.map(\.y) }
        for target in targets { values.append(target.value); if let upper = target.upper { values.append(upper) } }
        return values.filter(\.isFinite)
    }

    /// Every finite horizontal value the chart draws.
    public var xValues: [Double] {
        var values: [Double] = []
        for band in bands { values += band.x }
        for line in series { values += line.points.map(\.x) }
        for target in targets { if let x = target.x { values.append(x) } }
        return values.filter(\.isFinite)
    }
}

/// Several charts side by side in a grid (small multiples), with one legend for all of them.
public struct SmallMultiples: Sendable, Equatable {
    /// Title above the grid (may be empty).
    public var title: String
    /// The panels, filled row by row; each panel's own legend is not drawn.
    public var panels: [Chart]
    /// Panels per row.
    public var columns: Int
    /// Whether every panel uses the same vertical range (so sizes compare across panels).
    public var sharedYScale: Bool
    /// Size of each panel in pixels.
    public var panelWidth: Double, panelHeight: Double
    /// A short text description for assistive technology; the title when empty.
    public var accessibleDescription: String

    /// A grid of `panels`; see the properties.
    public init(title: String = "", panels: [Chart], columns: Int = 3, sharedYScale: Bool = false,
                panelWidth: Double = 300, panelHeight: Double = 220, accessibleDescription: String = "") {
        self.title = title
        self.panels = panels
        self.columns = max(1, columns)
        self.sharedYScale = sharedYScale
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
        self.accessibleDescription = accessibleDescription
    }
}

/// The Okabe–Ito colour-blind-safe palette, used by every chart and the status colours.
public enum ChartPalette {
    /// Black.
    public static let black = "#000000"
    /// Orange.
    public static let orange = "#E69F00"
    /// Sky blue.
    public static let skyBlue = "#56B4E9"
    /// Bluish green.
    public static let bluishGreen = "#009E73"
    /// Yellow.
    public static let yellow = "#F0E442"
    /// Blue.
    public static let blue = "#0072B2"
    /// Vermillion.
    public static let vermillion = "#D55E00"
    /// Reddish purple.
    public static let reddishPurple = "#CC79A7"
    /// Dark grey for history and axes.
    public static let grey = "#4D4D4D"
    /// Colours for a sequence of series (scenarios), in order; vermillion is kept for targets.
    public static let sequence = [blue, bluishGreen, orange, reddishPurple, skyBlue, black, yellow]
    /// Dash patterns to pair with ``sequence`` so series differ by more than colour.
    public static let dashes: [String?] = [nil, "8 4", "2 3", "10 3 2 3", "4 4", "12 4", "1 2"]
}
