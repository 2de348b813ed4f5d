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

static inline uint32_t fg_mktag(char a, char b, char c, char d) { return MKTAG(a, b, c, d); }

// sws_scale wants arrays of plane pointers and strides; building those from Swift tuples is noisy,
// so these take the common shapes FrameGate scales between.

/// One packed source plane (e.g. RGBA bytes) into an AVFrame's planes.
static inline int fg_sws_scale_packed_to_frame(struct SwsContext *c, const uint8_t *src, int srcStride,
                                               int srcHeight, AVFrame *dst) {
    const uint8_t *planes[4] = { src, NULL, NULL, NULL };
    int strides[4] = { srcStride, 0, 0, 0 };
    return sws_scale(c, planes, strides, 0, srcHeight, dst->data, dst->linesize);
}

/// An AVFrame into up to four caller-owned planes.
static inline int fg_sws_scale_frame_to_planes(struct SwsContext *c, const AVFrame *src,
                                               uint8_t *d0, uint8_t *d1, uint8_t *d2, uint8_t *d3,
                                               int s0, int s1, int s2, int s3) {
    uint8_t *planes[4] = { d0, d1, d2, d3 };
    int strides[4] = { s0, s1, s2, s3 };
    return sws_scale(c, (const uint8_t *const *)src->data, src->linesize, 0, src->height, planes, strides);
}

/// BT.601 / BT.709 coefficients and range for a scaler (range: 1 = full/jpeg, 0 = limited/tv).
static inline int fg_sws_set_colorspace(struct SwsContext *c, int srcSpace, int srcFullRange,
                                        int dstSpace, int dstFullRange) {
    return sws_setColorspaceDetails(c, sws_getCoefficients(srcSpace), srcFullRange,
                                    sws_getCoefficients(dstSpace), dstFullRange, 0, 1 << 16, 1 << 16);
}

static inline int fg_sws_cs_itu709(void) { return SWS_CS_ITU709; }
static inline int fg_sws_cs_itu601(void) { return SWS_CS_ITU601; }

/// Converts one decoded audio frame (or flushes, when frame is NULL) into one packed output buffer.
static inline int fg_swr_convert_frame(struct SwrContext *s, uint8_t *out, int outCount, const AVFrame *frame) {
    uint8_t *outs[1] = { out };
    if (!frame) return swr_convert(s, outs, outCount, NULL, 0);
    return swr_convert(s, outs, outCount, (const uint8_t **)frame->extended_data, frame->nb_samples);
}

#endif
