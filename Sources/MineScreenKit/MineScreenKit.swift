// MineScreenKit: the whole library in one import. The layers below it are separate targets so that the
// compiler keeps their dependencies one-way (Support → Geometry → Native → IO → Analysis → Report).
@_exported import MineScreenSupport
@_exported import MineScreenGeometry
@_exported import MineScreenNative
@_exported import MineScreenIO
@_exported import MineScreenAnalysis
@_exported import MineScreenReport
