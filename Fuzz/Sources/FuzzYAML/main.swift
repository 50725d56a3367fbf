import Foundation
import FuzzerDriver
import Indicators
import ScenarioFiles

/// libFuzzer's entry point: the scenario loader decodes and checks any bytes without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = ScenarioLoader.read(DataFile(name: "fuzz.yaml", bytes: Data(bytes: start, count: count)))
    return 0
}

// SwiftPM links an executable's main under another name, so libFuzzer's own main is never used:
// this one hands the command line to libFuzzer's driver instead.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) })
