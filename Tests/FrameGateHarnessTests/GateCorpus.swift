import Foundation
import XCTest
import FrameGateTestSupport

/// The two compositions the mutation corpus mutates: a caption of four words in fixed boxes, a small logo and
/// a moving box (so time shifts show), at 640×360 (3 s, with a stereo track whose channels differ) and at
/// 1920×1080 (1 s, video only, the same 20 px caption: a word is a far smaller share of the frame).
/// 10 fps keeps the renders short; every mutation is still one or more whole frames.
enum GateCorpus {
    static let background = "0x203040"
    /// Word boxes (x, y, w, h) in both sizes: the caption sits at the same pixels.
    static let words: [(text: String, x: Int, y: Int, w: Int, h: Int)] = [
        ("Ship", 40, 300, 60, 26), ("the", 104, 300, 44, 26), ("release", 152, 300, 96, 26), ("today", 252, 300, 76, 26),
    ]
    static let logo = (x: 596, y: 20, w: 24, h: 24)

    /// The seed system's thresholds: what a migrating team writes.
    static func meta(name: String, duration: Double) -> String {
        """
        {
          "name": "\(name)",
          "description": "Mutation corpus composition (made by the test).",
          "tags": ["gate-corpus"],
          "minPsnr": 30,
          "maxFrameFailures": 0,
          "minAudioCorrelation": 0.9,
          "maxAudioLagWindows": 120,
          "renderConfig": { "fps": 10 }
        }
        """
    }

    static func html(name: String, width: Int, height: Int, duration: Double, audio: Bool) -> String {
        let words = Self.words.map { word in
            "<div class=\"word\" style=\"left:\(word.x)px;top:\(word.y)px;width:\(word.w)px;height:\(word.h)px\">\(word.text)</div>"
        }.joined(separator: "\n  ")
        return """
        <!doctype html>
        <html>
        <head>
        <meta charset="utf-8">
        <style>
          html, body { margin: 0; background: #203040; }
          #root { position: relative; width: \(width)px; height: \(height)px; overflow: hidden; background: #203040; }
          .word { position: absolute; color: #f1f1f1; font: bold 20px sans-serif; line-height: 26px; white-space: nowrap; }
          #logo { position: absolute; left: \(logo.x)px; top: \(logo.y)px; width: \(logo.w)px; height: \(logo.h)px;
                  border-radius: 50%; background: #e9c46a; }
          #logo::after { content: ""; position: absolute; left: 8px; top: 8px; width: 8px; height: 8px; background: #264653; }
          #box { position: absolute; left: 20px; top: 120px; width: 60px; height: 60px; background: #e76f51;
                 animation: slide \(duration)s linear 0s both; }
          @keyframes slide { from { transform: translateX(0); } to { transform: translateX(\(width - 120)px); } }
        </style>
        </head>
        <body>
        <div id="root" data-composition-id="\(name)" data-width="\(width)" data-height="\(height)" data-duration="\(duration)">
          <div id="box"></div>
          <div id="logo"></div>
          \(words)
        \(audio ? "  <audio id=\"track\" src=\"stereo.wav\" data-start=\"0\" data-duration=\"\(duration)\"></audio>" : "")
        </div>
        </body>
        </html>
        """
    }

    /// Writes `fixtures/<id>` (meta, page, and for the 640 one the stereo track made with ffmpeg).
    static func write(_ workspace: HarnessWorkspace, id: String, large: Bool) throws {
        let duration = large ? 1.0 : 3.0
        let source = workspace.fixtureDirectory(id).appendingPathComponent("src")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try Data(meta(name: id, duration: duration).utf8).write(to: workspace.fixtureDirectory(id).appendingPathComponent("meta.json"))
        try Data(html(name: id, width: large ? 1920 : 640, height: large ? 1080 : 360, duration: duration, audio: !large).utf8)
            .write(to: source.appendingPathComponent("index.html"))
        if !large {
            // Left: an amplitude-modulated 440 Hz tone; right: irregular 660 Hz bursts. Different shapes, so a
            // swapped channel is a different signal.
            let expression = "0.35*sin(2*PI*440*t)*(0.55+0.45*sin(2*PI*1.7*t))|0.35*sin(2*PI*660*t)*lt(mod(t*t+t\\,0.37)\\,0.12)"
            try Reference.ffmpeg(["-f", "lavfi", "-i", "aevalsrc=\(expression):s=48000:d=\(duration)", "-c:a", "pcm_s16le",
                        source.appendingPathComponent("stereo.wav").path])
        }
    }
}

/// One row of the corpus: a mutation of the baseline copy, made with ffmpeg, and whether it must be caught.
struct GateMutation {
    var id: String
    var base: String
    var regression: Bool
    /// ffmpeg arguments between `-i baseline` and the output path.
    var arguments: [String]

    static let x264 = ["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-bf", "0", "-pix_fmt", "yuv420p"]

    static func video(_ id: String, _ base: String, _ filter: String, regression: Bool = true) -> GateMutation {
        GateMutation(id: id, base: base, regression: regression, arguments: ["-vf", filter] + x264 + ["-c:a", "copy"])
    }

    static func audio(_ id: String, _ filter: String) -> GateMutation {
        GateMutation(id: id, base: "gate-640", regression: true,
                     arguments: ["-c:v", "copy", "-af", filter, "-c:a", "aac", "-b:a", "192k"])
    }

    static func erase(_ box: (x: Int, y: Int, w: Int, h: Int)) -> String {
        "drawbox=x=\(box.x):y=\(box.y):w=\(box.w):h=\(box.h):color=\(GateCorpus.background):t=fill"
    }

    /// The word "today" copied over "release": the caption says something else.
    static var changeWord: String {
        let from = GateCorpus.words[3], to = GateCorpus.words[2]
        return "split[a][b];[b]crop=\(to.w):\(to.h):\(from.x):\(from.y)[w];[a]\(erase((to.x, to.y, to.w, to.h)))[c];[c][w]overlay=\(to.x):\(to.y)"
    }

    static let all: [GateMutation] = {
        let release = GateCorpus.words[2]
        return [
            video("text-erased-640", "gate-640", erase((release.x, release.y, release.w, release.h))),
            video("text-changed-640", "gate-640", changeWord),
            video("text-erased-1080", "gate-1080", erase((release.x, release.y, release.w, release.h))),
            video("text-changed-1080", "gate-1080", changeWord),
            video("logo-gone", "gate-640", erase(GateCorpus.logo)),
            video("colour-shift", "gate-640", "hue=h=12"),
            video("layout-shift-2px", "gate-640", "crop=iw-2:ih:0:0,pad=iw+2:ih:2:0:color=\(GateCorpus.background)"),
            video("single-frame-flash", "gate-640", "drawbox=x=0:y=0:w=iw:h=ih:color=white@0.6:t=fill:enable='eq(n\\,15)'"),
            video("frozen-frame", "gate-640", "split[a][b];[a][b]freezeframes=first=15:last=15:replace=14"),
            video("dropped-frame", "gate-640", "select='not(eq(n\\,15))',setpts=N/(10*TB)"),
            video("time-shift-1-frame", "gate-640", "trim=start_frame=1,setpts=N/(10*TB),tpad=stop_mode=clone:stop=1"),
            audio("audio-6dB-quieter", "volume=-6dB"),
            audio("channels-swapped", "pan=stereo|c0=c1|c1=c0"),
            audio("right-silent-from-1.2s", "aeval=val(0)|if(gte(t\\,1.2)\\,0\\,val(1)):c=same"),
            audio("dropout-200ms", "volume=enable='between(t,1.0,1.2)':volume=0"),
            audio("echo", "aecho=0.8:0.8:90:0.5"),
            audio("audio-150ms-late", "adelay=150:all=1,atrim=0:3"),
            video("benign-crf18-reencode", "gate-640", "null", regression: false),
            video("benign-crf18-reencode-1080", "gate-1080", "null", regression: false),
            GateMutation(id: "benign-noise-1-level", base: "gate-640", regression: false,
                         arguments: ["-vf", "geq=lum='clip(lum(X,Y)+mod(X*7+Y*13+N*5\\,3)-1\\,0\\,255)':cb='cb(X,Y)':cr='cr(X,Y)'",
                                     "-c:v", "libx264", "-qp", "0", "-bf", "0", "-pix_fmt", "yuv420p", "-c:a", "copy"]),
            GateMutation(id: "benign-remux", base: "gate-640", regression: false, arguments: ["-c", "copy", "-map_metadata", "-1"]),
        ]
    }()
}
