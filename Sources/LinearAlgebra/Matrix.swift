/// A dense matrix of `Double` stored column by column (column-major), the layout LAPACK expects.
///
/// Element `(row, column)` lives at `storage[row + column * rows]`. The type is a value:
/// copies are independent, and nothing in the library mutates a matrix it was given.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in column-major order; `storage.count == rows * columns`.
    public internal(set) var storage: [Double]

    /// A `rows × columns` matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major storage.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `storage.count != rows * columns`.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) throws {
        guard rows >= 0, columns >= 0, storage.count == rows * columns else {
            throw LinearAlgebraError.dimensionMismatch(
                "\(storage.count) values cannot fill a \(rows) × \(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix whose columns are the given arrays, all of the same length.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when the columns differ in length.
    public init(columns columnValues: [[Double]]) throws {
        let height = columnValues.first?.count ?? 0
        guard columnValues.allSatisfy({ $0.count == height }) else {
            throw LinearAlgebraError.dimensionMismatch("columns have different lengths")
        }
        self.rows = height
        self.columns = columnValues.count
        self.storage = columnValues.flatMap { $0 }
    }

    /// A matrix from row arrays (convenient in tests and for small designs).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when the rows differ in length.
    public init(rowArrays: [[Double]]) throws {
        let width = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == width }) else {
            throw LinearAlgebraError.dimensionMismatch("rows have different lengths")
        }
        self.rows = rowArrays.count
        self.columns = width
        var values = [Double](repeating: 0, count: rows * width)
        for (i, row) in rowArrays.enumerated() {
            for (j, value) in row.enumerated() { values[i + j * rows] = value }
        }
        self.storage = values
    }

    /// A column vector (an `n × 1` matrix).
    public init(column: [Double]) {
        self.rows = column.count
        self.columns = 1
        self.storage = column
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// The element at `row`, `column` (both zero-based).
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rows] }
        set { storage[row + column * rows] = newValue }
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { storage[i + $0 * rows] }
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] }
        }
        return t
    }

    /// The main diagonal (length `min(rows, columns)`).
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { storage[$0 + $0 * rows] }
    }

    /// True when every element is finite (no NaN or infinity).
    public var isFinite: Bool { storage.allSatisfy(\.isFinite) }
}
