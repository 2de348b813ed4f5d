import ArgumentParser
import FrameGateMedia
import Foundation

/// Runs a command body and turns FrameGate errors into `error[CODE]: message` with exit status 3
/// (DESIGN.md); argument errors stay with ArgumentParser (exit 2).
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CodedError {
        FileHandle.standardError.write(Data("\(error.description)\n".utf8))
        throw ExitCode(3)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error[INTERNAL]: \(error)\n".utf8))
        throw ExitCode(3)
    }
}

extension FrameRate: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension Quality: ExpressibleByArgument {}
extension VideoCodec: ExpressibleByArgument {}

func writeStderr(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

func printJSONLine(_ object: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}
