/// The cells of a phase table along one axis with the others held: a row (along x, at one y and facet) or a
/// column (along y, at one x and facet). Only cells that have tasks are on it, in the order of the axis.
public struct CellLine: Sendable, Hashable {
    /// Which axis a line runs along.
    public enum Direction: Sendable, Hashable {
        case x, y
    }

    public var direction: Direction
    public var facet: Int
    /// The index of the value held: the y index of a row, the x index of a column.
    public var held: Int
    /// The indices, along the line's axis, of its cells that have tasks.
    public var indices: [Int]
}

extension PhaseTable {
    /// Every row (along x) or every column (along y) of the table, facet by facet.
    public func lines(along direction: CellLine.Direction) -> [CellLine] {
        let (heldCount, alongCount) =
            direction == .x ? (yIndices.count, x.values.count) : (x.values.count, yIndices.count)
        return facetIndices.flatMap { facet in
            (0..<heldCount).map { held in
                CellLine(
                    direction: direction, facet: facet, held: held,
                    indices: (0..<alongCount).filter { cell(on: direction, facet: facet, held: held, at: $0).isPresent }
                )
            }
        }
    }

    /// The cell at `index` along `line`.
    public func cell(on line: CellLine, at index: Int) -> PhaseCell {
        cell(on: line.direction, facet: line.facet, held: line.held, at: index)
    }

    /// The number a cell's coordinate along `direction` has, when the axis is numeric.
    public func position(of cell: PhaseCell, along direction: CellLine.Direction) -> Double? {
        (direction == .x ? cell.x : cell.y)?.doubleValue
    }

    private func cell(on direction: CellLine.Direction, facet: Int, held: Int, at index: Int) -> PhaseCell {
        direction == .x ? cell(x: index, y: held, facet: facet) : cell(x: held, y: index, facet: facet)
    }
}

extension PhaseCell {
    /// Whether the cell holds any task, counted or left out by a condition (a table has a cell for every
    /// combination of the values seen).
    public var isPresent: Bool { statistics.tasks + statistics.excluded > 0 }
}
