#if INFOSWEEP_AVX512
    /// `TileProduct` for AVX-512: C is computed in blocks of 8 rows by 32 columns held in 16 registers of 16
    /// floats, over the depth in passes of `depthPass` so that a block's 32 columns of B (32 KiB) stay in a
    /// 48 KiB L1 cache while the rows of C go by (passes of 128 measured slower here). Operands are read where
    /// they lie, unpacked: the engine pads its row strides, so a block's rows fall on different cache sets.
    /// Blocks at the edges go through padded copies (`EdgePadding`).
    enum RegisterBlockProduct {
        typealias Lanes = SIMD16<Float>
        static let blockRows = 8
        static let blockColumns = 32
        static let depthPass = 256

        static func add(
            rows: Int, columns: Int, depth: Int, alpha: Float, a: UnsafePointer<Float>, aRowStride: Int,
            aDepthStride: Int, b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, cStride: Int
        ) {
            let hasEdges = rows % blockRows != 0 || columns % blockColumns != 0
            let padding: UnsafeMutablePointer<Float>? = hasEdges ? .allocate(capacity: EdgePadding.floats) : nil
            defer { padding?.deallocate() }
            var depthStart = 0
            while depthStart < depth {
                let passDepth = min(depthPass, depth - depthStart)
                var column = 0
                while column < columns {
                    let panelColumns = min(blockColumns, columns - column)
                    var panel = UnsafePointer(b + depthStart * bStride + column)
                    var panelStride = bStride
                    if let padding, panelColumns < blockColumns {
                        panel = EdgePadding.padPanel(
                            panel, into: padding, stride: bStride, columns: panelColumns, depth: passDepth)
                        panelStride = blockColumns
                    }
                    addPanel(
                        rows: rows, columns: panelColumns, depth: passDepth, alpha: alpha,
                        a: a + depthStart * aDepthStride, aRowStride: aRowStride, aDepthStride: aDepthStride,
                        b: panel, bStride: panelStride, c: c + column, cStride: cStride, padding: padding)
                    column += blockColumns
                }
                depthStart += passDepth
            }
        }

        /// One panel of at most 32 columns of C, whose B (`b`) is a whole block's wide, over every row block.
        private static func addPanel(
            rows: Int, columns: Int, depth: Int, alpha: Float, a: UnsafePointer<Float>, aRowStride: Int,
            aDepthStride: Int, b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, cStride: Int,
            padding: UnsafeMutablePointer<Float>?
        ) {
            var row = 0
            while row < rows {
                let blockRows = min(Self.blockRows, rows - row)
                let aBlock = a + row * aRowStride
                let cBlock = c + row * cStride
                if let padding, blockRows < Self.blockRows || columns < blockColumns {
                    addEdgeBlock(
                        rows: blockRows, columns: columns, depth: depth, alpha: alpha, a: aBlock,
                        aRowStride: aRowStride, aDepthStride: aDepthStride, b: b, bStride: bStride, c: cBlock,
                        cStride: cStride, padding: padding)
                } else {
                    block(
                        depth: depth, alpha: alpha, a: aBlock, aRowStride: aRowStride, aDepthStride: aDepthStride,
                        b: b, bStride: bStride, c: cBlock, cStride: cStride)
                }
                row += Self.blockRows
            }
        }

        /// A block with fewer rows or columns than a whole one, through padded copies of A and C.
        private static func addEdgeBlock(
            rows: Int, columns: Int, depth: Int, alpha: Float, a: UnsafePointer<Float>, aRowStride: Int,
            aDepthStride: Int, b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, cStride: Int,
            padding: UnsafeMutablePointer<Float>
        ) {
            var (source, rowStride, depthStride) = (a, aRowStride, aDepthStride)
            if rows < blockRows {
                source = EdgePadding.padRows(
                    a, into: padding, rowStride: aRowStride, depthStride: aDepthStride, rows: rows, depth: depth)
                (rowStride, depthStride) = (depth, 1)
            }
            let target = EdgePadding.padTarget(c, into: padding, stride: cStride, rows: rows, columns: columns)
            block(
                depth: depth, alpha: alpha, a: source, aRowStride: rowStride, aDepthStride: depthStride, b: b,
                bStride: bStride, c: target, cStride: blockColumns)
            EdgePadding.unpadTarget(target, into: c, stride: cStride, rows: rows, columns: columns)
        }

        /// C[8 x 32] += alpha A[8 x depth] B[depth x 32]: per step of the depth, two loads of B and eight
        /// broadcasts of A feed sixteen fused multiply-adds.
        @inline(never)
        static func block(
            depth: Int, alpha: Float, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int,
            b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, cStride: Int
        ) {
            var c00 = Lanes(), c01 = Lanes(), c10 = Lanes(), c11 = Lanes()
            var c20 = Lanes(), c21 = Lanes(), c30 = Lanes(), c31 = Lanes()
            var c40 = Lanes(), c41 = Lanes(), c50 = Lanes(), c51 = Lanes()
            var c60 = Lanes(), c61 = Lanes(), c70 = Lanes(), c71 = Lanes()
            var aStep = a
            var bStep = b
            for _ in 0..<depth {
                let b0 = load(bStep)
                let b1 = load(bStep + 16)
                multiplyAdd(&c00, &c01, aStep[0], b0, b1)
                multiplyAdd(&c10, &c11, aStep[aRowStride], b0, b1)
                multiplyAdd(&c20, &c21, aStep[2 * aRowStride], b0, b1)
                multiplyAdd(&c30, &c31, aStep[3 * aRowStride], b0, b1)
                multiplyAdd(&c40, &c41, aStep[4 * aRowStride], b0, b1)
                multiplyAdd(&c50, &c51, aStep[5 * aRowStride], b0, b1)
                multiplyAdd(&c60, &c61, aStep[6 * aRowStride], b0, b1)
                multiplyAdd(&c70, &c71, aStep[7 * aRowStride], b0, b1)
                aStep += aDepthStride
                bStep += bStride
            }
            let scale = Lanes(repeating: alpha)
            addScaled(c, scale, c00, c01)
            addScaled(c + cStride, scale, c10, c11)
            addScaled(c + 2 * cStride, scale, c20, c21)
            addScaled(c + 3 * cStride, scale, c30, c31)
            addScaled(c + 4 * cStride, scale, c40, c41)
            addScaled(c + 5 * cStride, scale, c50, c51)
            addScaled(c + 6 * cStride, scale, c60, c61)
            addScaled(c + 7 * cStride, scale, c70, c71)
        }

        /// One row of a block: (low, high) += a * (b0, b1), a broadcast to every lane.
        @inline(__always)
        static func multiplyAdd(_ low: inout Lanes, _ high: inout Lanes, _ a: Float, _ b0: Lanes, _ b1: Lanes) {
            let broadcast = Lanes(repeating: a)
            low.addProduct(broadcast, b0)
            high.addProduct(broadcast, b1)
        }

        @inline(__always)
        static func load(_ source: UnsafePointer<Float>) -> Lanes {
            UnsafeRawPointer(source).loadUnaligned(as: Lanes.self)
        }

        /// Row [0, 32) of C += scale * (low, high).
        @inline(__always)
        static func addScaled(_ row: UnsafeMutablePointer<Float>, _ scale: Lanes, _ low: Lanes, _ high: Lanes) {
            let target = UnsafeMutableRawPointer(row)
            target.storeBytes(of: load(row).addingProduct(scale, low), as: Lanes.self)
            target.storeBytes(of: load(row + 16).addingProduct(scale, high), toByteOffset: 64, as: Lanes.self)
        }
    }

    /// Zero-padded copies of the operands of a block at an edge (fewer rows or columns than a whole one), so
    /// that `RegisterBlockProduct.block` reads and writes only inside them. C's values go in and come back
    /// out, so an edge element is summed as any other. One plain buffer holds all three: a struct holding
    /// pointers would need value witnesses, which the other copies of the kernels also define.
    enum EdgePadding {
        typealias Product = RegisterBlockProduct
        static let panelFloats = Product.depthPass * Product.blockColumns
        static let rowsFloats = Product.blockRows * Product.depthPass
        /// The floats of a buffer for the three copies.
        static let floats = panelFloats + rowsFloats + Product.blockRows * Product.blockColumns

        /// B's first `columns` columns, padded to a whole block's.
        static func padPanel(
            _ source: UnsafePointer<Float>, into buffer: UnsafeMutablePointer<Float>, stride: Int, columns: Int,
            depth: Int
        ) -> UnsafePointer<Float> {
            let panel = buffer
            panel.initialize(repeating: 0, count: depth * Product.blockColumns)
            for step in 0..<depth {
                (panel + step * Product.blockColumns).update(from: source + step * stride, count: columns)
            }
            return UnsafePointer(panel)
        }

        /// A's first `rows` rows, padded to a whole block's, row-major with row stride `depth`.
        static func padRows(
            _ source: UnsafePointer<Float>, into buffer: UnsafeMutablePointer<Float>, rowStride: Int,
            depthStride: Int, rows count: Int, depth: Int
        ) -> UnsafePointer<Float> {
            let rows = buffer + panelFloats
            rows.initialize(repeating: 0, count: Product.blockRows * depth)
            for row in 0..<count {
                for step in 0..<depth { rows[row * depth + step] = source[row * rowStride + step * depthStride] }
            }
            return UnsafePointer(rows)
        }

        /// C's first `rows` rows and `columns` columns, padded to a whole block (row stride 32).
        static func padTarget(
            _ c: UnsafeMutablePointer<Float>, into buffer: UnsafeMutablePointer<Float>, stride: Int, rows count: Int,
            columns: Int
        ) -> UnsafeMutablePointer<Float> {
            let target = buffer + panelFloats + rowsFloats
            target.initialize(repeating: 0, count: Product.blockRows * Product.blockColumns)
            for row in 0..<count {
                (target + row * Product.blockColumns).update(from: c + row * stride, count: columns)
            }
            return target
        }

        /// Copies `padTarget`'s rows and columns back into C.
        static func unpadTarget(
            _ target: UnsafeMutablePointer<Float>, into c: UnsafeMutablePointer<Float>, stride: Int, rows count: Int,
            columns: Int
        ) {
            for row in 0..<count {
                (c + row * stride).update(from: target + row * Product.blockColumns, count: columns)
            }
        }
    }
#endif
