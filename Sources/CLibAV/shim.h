#ifndef FRAMEGATE_CLIBAV_SHIM_H
#define FRAMEGATE_CLIBAV_SHIM_H

#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>
#include <libavutil/sha.h>
#include <libavutil/audio_fifo.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>

// Swift cannot import function-like macros; these wrap the ones FrameGate needs.

static inline int fg_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int fg_averror_eof(void) { return AVERROR_EOF; }
static inline int64_t fg_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational fg_av_time_base_q(void) { return AV_TIME_BASE_Q; }
static inline int fg_av_time_base(void) { return AV_TIME_BASE; }

static inline const char *fg_av_err2str(int errnum, char *buf, size_t size) {
    av_strerror(errnum, buf, size);
    return buf;
}

static inline int fg_mktag_is(uint32_t tag, char a, char b, char c, char d) {
    return tag == MKTAG(a, b, c, d);
}

#endif
