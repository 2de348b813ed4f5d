import ArgumentParser
import FrameGateCore
import FrameGateMedia
import Foundation

/// The one place an error becomes output and an exit status: FrameGate's coded errors print
/// `error[CODE]: message` and exit with their code's status (ErrorCode.exitStatus); every
/// argument-parsing or validation error is `error[INVALID_ARGUMENT]` with status 2; help is 0.
enum CommandOutcome {
    static func report(_ error: Error) -> Int32 {
        if let coded = error as? CodedError {
            writeStderr("\(coded.description)\n")
            return coded.code.exitStatus.rawValue
        }
        if let exit = error as? ExitCode { return exit.rawValue }
        let parserStatus = FrameGateCommand.exitCode(for: error)
        let message = FrameGateCommand.fullMessage(for: error)
        if parserStatus == .success {
            print(message)
            return ExitStatus.success.rawValue
        }
        if error is CancellationError {
            writeStderr("error[\(ErrorCode.internalError.rawValue)]: cancelled\n")
            return ExitStatus.failure.rawValue
        }
        if parserStatus == .validationFailure {
            let text = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
            writeStderr("error[\(ErrorCode.invalidArgument.rawValue)]: \(text)\n")
            return ExitStatus.usage.rawValue
        }
        writeStderr("error[\(ErrorCode.internalError.rawValue)]: \(message.isEmpty ? String(describing: error) : message)\n")
        return ExitStatus.failure.rawValue
    }
}

extension FrameRate: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension Quality: ExpressibleByArgument {}
extension VideoCodec: ExpressibleByArgument {}

func writeStderr(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

func printJSONLine(_ object: JSONValue) {
    FileHandle.standardOutput.write(object.serialized() + Data("\n".utf8))
}
