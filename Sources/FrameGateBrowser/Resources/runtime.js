// FrameGate runtime: installed with Page.addScriptToEvaluateOnNewDocument, before any page script.
// The page only ever sees composition time: the clock moves when the renderer calls __hf.seek(t),
// never because real time passed. See DESIGN.md "Runtime contract".
(function () {
  'use strict';
  if (window.__hf) return;

  const EPOCH = Date.UTC(2024, 0, 1, 0, 0, 0); // Date.now() at composition time 0
  const RealDate = Date;
  const realPerformanceNow = performance.now.bind(performance);
  const realRequestAnimationFrame = window.requestAnimationFrame.bind(window);
  const realSetTimeout = window.setTimeout.bind(window);
  // What the current seek is waiting for, when it waits on the page (read by the renderer when a seek
  // times out, so SEEK_TIMEOUT can name it); null while the seek runs scripts or is done.
  let waitingOn = null;
  async function waitingFor(what, promise) {
    waitingOn = what;
    try { return await promise; } finally { waitingOn = null; }
  }
  let nowMs = 0; // composition time in ms

  // ---------------------------------------------------------------- virtual Date / performance.now
  function FGDate(...args) {
    if (!new.target) return new RealDate(EPOCH + nowMs).toString();
    if (args.length === 0) return Reflect.construct(RealDate, [EPOCH + Math.floor(nowMs)], new.target);
    return Reflect.construct(RealDate, args, new.target);
  }
  FGDate.prototype = RealDate.prototype;
  FGDate.now = () => EPOCH + Math.floor(nowMs);
  FGDate.UTC = RealDate.UTC;
  FGDate.parse = RealDate.parse;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FGDate, writable: true, configurable: true });
  window.Date = FGDate;
  Object.defineProperty(performance, 'now', { value: () => nowMs, configurable: true, writable: true });
  // Every other way to read a clock follows the composition clock too (DESIGN.md "No real clock").
  Object.defineProperty(performance, 'timeOrigin', { get: () => EPOCH, configurable: true });
  function patchGetter(proto, name, getter) {
    if (!proto) return;
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor && descriptor.configurable) Object.defineProperty(proto, name, { get: getter, configurable: true, enumerable: descriptor.enumerable });
  }
  // Events get the composition time at which they were dispatched.
  if (window.Event) patchGetter(Event.prototype, 'timeStamp', () => nowMs);
  if (window.AnimationTimeline) {
    patchGetter(AnimationTimeline.prototype, 'currentTime', function () { return this === document.timeline ? nowMs : null; });
  }
  // Intl formatters called without a date format "now": the composition's now, not the host's.
  if (window.Intl && Intl.DateTimeFormat) {
    const proto = Intl.DateTimeFormat.prototype;
    const formatGetter = Object.getOwnPropertyDescriptor(proto, 'format');
    if (formatGetter && formatGetter.get) {
      Object.defineProperty(proto, 'format', {
        configurable: true,
        get() {
          const real = formatGetter.get.call(this);
          return (date) => real(date === undefined ? FGDate.now() : date);
        },
      });
    }
    for (const name of ['formatToParts']) {
      const real = proto[name];
      if (typeof real === 'function') {
        Object.defineProperty(proto, name, {
          configurable: true, writable: true,
          value(date) { return real.call(this, date === undefined ? FGDate.now() : date); },
        });
      }
    }
  }
  if (window.Temporal && Temporal.Now && typeof Temporal.Now.instant === 'function') {
    // Temporal.Now reads the host clock; a composition must not.
    const now = Temporal.Now;
    const zoned = (tz) => now.instant().toZonedDateTimeISO(tz === undefined ? now.timeZoneId() : tz);
    now.instant = () => Temporal.Instant.fromEpochMilliseconds(FGDate.now());
    if (now.zonedDateTimeISO) now.zonedDateTimeISO = zoned;
    if (now.plainDateTimeISO) now.plainDateTimeISO = (tz) => zoned(tz).toPlainDateTime();
    if (now.plainDateISO) now.plainDateISO = (tz) => zoned(tz).toPlainDate();
    if (now.plainTimeISO) now.plainTimeISO = (tz) => zoned(tz).toPlainTime();
  }

  // Emulation.setLocaleOverride sets ICU's default locale; navigator.language(s) follow the same value.
  if (typeof window.__hfLocale === 'string' && window.Navigator) {
    const locale = window.__hfLocale;
    const languages = Object.freeze([locale]);
    patchGetter(Navigator.prototype, 'language', () => locale);
    patchGetter(Navigator.prototype, 'languages', () => languages);
  }

  // HyperFrames compositions assign into the registry without creating it (window.__timelines[id] = tl):
  // it exists, empty, before any page script runs.
  if (!window.__timelines || typeof window.__timelines !== 'object') window.__timelines = {};

  // HyperFrames' shader transitions (@hyperframes/shader-transitions, HyperShader.init) pick their mode from
  // what they find: without a render engine's marker they run their interactive preview, which pre-captures
  // every transition with html2canvas behind a "Preparing scene transitions" screen (on the page's clock,
  // so that screen is what a render shows). The marker says a renderer drives time; the second flag asks
  // for the transitions to be composited in the page (drawElementImage + WebGL), since FrameGate has no
  // compositor of its own outside the page. Only the marker's presence is read: it carries no real timers.
  if (!window.__HF_VIRTUAL_TIME__) {
    window.__HF_VIRTUAL_TIME__ = Object.freeze({ getTime: () => nowMs, seekToTime: () => nowMs });
  }
  if (window.__HF_PAGE_SIDE_COMPOSITING__ === undefined) window.__HF_PAGE_SIDE_COMPOSITING__ = true;

  // ---------------------------------------------------------------- seeded randomness
  // mulberry32, reseeded from the frame time at every seek, before the rAF flush, and before each timer
  // callback from its own due time: a frame's random numbers depend only on its time (and, for pages that
  // keep state, on the frames before it, which the pre-roll replays), whichever process renders it.
  let rngState = 0;
  // `salt` separates streams that share a time: each timer callback (its id), the rAF flush, the seek.
  function seedFromTime(t, salt = 0) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, t);
    let h = 0x9e3779b9 ^ view.getUint32(0) ^ Math.imul(salt >>> 0, 0x27d4eb2f);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= view.getUint32(4);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    rngState = (h ^ (h >>> 16)) >>> 0;
  }
  function nextUint32() {
    rngState = (rngState + 0x6d2b79f5) >>> 0;
    let z = rngState;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }
  seedFromTime(0);
  Math.random = () => nextUint32() / 4294967296;
  if (window.Crypto && Crypto.prototype.getRandomValues) {
    Crypto.prototype.getRandomValues = function (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = nextUint32() & 0xff;
      return array;
    };
    Crypto.prototype.randomUUID = function () {
      const b = new Uint8Array(16);
      this.getRandomValues(b);
      b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
      const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    };
  }

  // ---------------------------------------------------------------- virtual timers
  let timerSeq = 0;
  const timers = new Map(); // id -> {due, seq, fn, args, interval}
  function toCallback(fn) { return typeof fn === 'function' ? fn : new Function(String(fn)); }
  function report(error) {
    // Surfaces as Runtime.exceptionThrown, which fails the render with COMPOSITION_SCRIPT_ERROR.
    if (typeof window.reportError === 'function') window.reportError(error); else throw error;
  }
  // Whether the page registered per-frame work (rAF callbacks or timers): such a page may keep state
  // across frames, so a render starting at frame k > 0 replays frames 0…k−1 first (CaptureSession).
  let keepsState = false;
  window.setTimeout = function (fn, delay, ...args) {
    keepsState = true;
    const id = ++timerSeq;
    timers.set(id, { due: nowMs + Math.max(0, Number(delay) || 0), seq: id, fn: toCallback(fn), args, interval: null });
    return id;
  };
  window.setInterval = function (fn, delay, ...args) {
    keepsState = true;
    const id = ++timerSeq;
    const interval = Math.max(1, Number(delay) || 0);
    timers.set(id, { due: nowMs + interval, seq: id, fn: toCallback(fn), args, interval });
    return id;
  };
  window.clearTimeout = window.clearInterval = function (id) { timers.delete(id); };

  const TIMER_LIMIT = 100000;
  // Runs every timer due by `dueMs`, in due order. The clock moves to each callback's own due time, unless
  // `holdClock` (the readiness run-ahead, below): then callbacks see the seek's time, as in a browser whose
  // timers run while the composition clock stands still.
  function runTimersUntil(dueMs, holdClock = false) {
    for (let guard = 0; ; guard++) {
      if (guard >= TIMER_LIMIT) {
        // A quiet stop would leave the frame in whatever state the loop reached: fail the render instead.
        throw new Error('timers: more than ' + TIMER_LIMIT + ' timer callbacks ran while seeking to ' + (dueMs / 1000) +
          ' s (a setTimeout/setInterval that keeps rescheduling itself at 0 ms?); give timers a delay of at least 1 ms');
      }
      let next = null;
      for (const [id, timer] of timers) {
        if (timer.due <= dueMs && (!next || timer.due < next[1].due || (timer.due === next[1].due && timer.seq < next[1].seq))) next = [id, timer];
      }
      if (!next) return;
      const [id, timer] = next;
      if (!holdClock && timer.due > nowMs) nowMs = timer.due; // the callback sees its own due time
      const due = timer.due;
      if (timer.interval === null) timers.delete(id);
      else { timer.due += timer.interval; timer.seq = ++timerSeq; }
      // The random state of its own due time (and its own id): a timer's numbers do not depend on which
      // seek caught it up.
      seedFromTime(due / 1000, id);
      try { timer.fn.apply(window, timer.args); } catch (e) { report(e); }
    }
  }

  // ---------------------------------------------------------------- virtual requestAnimationFrame
  let rafSeq = 0;
  const RAF_SALT = 0x52414621; // the rAF flush's random stream, apart from the seek's and each timer's
  let rafQueue = new Map();
  window.requestAnimationFrame = function (fn) { keepsState = true; const id = ++rafSeq; rafQueue.set(id, fn); return id; };
  window.cancelAnimationFrame = function (id) { rafQueue.delete(id); };
  function flushAnimationFrames() {
    const queued = rafQueue;
    rafQueue = new Map(); // callbacks queued by these callbacks wait for the next seek
    if (queued.size > 0) seedFromTime(nowMs / 1000, RAF_SALT);
    for (const fn of queued.values()) {
      try { fn(nowMs); } catch (e) { report(e); }
    }
  }

  // ---------------------------------------------------------------- media never plays
  if (window.HTMLMediaElement) {
    HTMLMediaElement.prototype.play = function () { this.pause(); return Promise.resolve(); };
  }
  function silenceMedia() {
    for (const media of document.querySelectorAll('video, audio')) {
      if (media.autoplay) media.autoplay = false;
      if (media.preload !== 'none') media.preload = 'none';
      if (!media.muted) media.muted = true;
      if (!media.paused) media.pause();
    }
  }
  document.addEventListener('DOMContentLoaded', silenceMedia);

  // ---------------------------------------------------------------- composition model
  // Timing is resolved once, by FrameGate's compiler, and stamped into the compiled page (DESIGN.md):
  //   data-fg-start   absolute start (s) of every timed element
  //   data-fg-end     absolute end (s); absent: open-ended
  //   data-fg-offset  on a sub-composition instance's composition element: where its timeline starts
  // The runtime reads these stamps and never interprets data-start / data-duration itself.
  function root() {
    return document.querySelector('[data-composition-id]') || document.querySelector('[data-root="true"]');
  }
  function num(value, fallback) {
    if (value === null || value === undefined || String(value).trim() === '') return fallback;
    const n = Number(value);
    return Number.isFinite(n) ? n : fallback;
  }
  function startOf(el) { return num(el.getAttribute('data-fg-start'), 0); }
  function endOf(el) { return num(el.getAttribute('data-fg-end'), null); }
  function timedElements() { return Array.from(document.querySelectorAll('[data-fg-start]')); }
  // The start that CSS/WAAPI animations of `el` are relative to: that of the nearest element (itself or an
  // ancestor) whose start is its own (it was given a data-start), as stamped.
  function animationOrigin(el) {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.hasAttribute('data-fg-start') && node.hasAttribute('data-start')) return startOf(node);
    }
    return 0;
  }
  // window.__timelines keys are composition ids; each sub-composition instance has its own. A page that
  // assigned an array instead is read as HyperFrames reads it: one timeline is the root's, several are
  // tl-0, tl-1, … (all counted from 0).
  function timelineRegistry() {
    const tls = window.__timelines;
    if (Array.isArray(tls)) {
      const r = root();
      const normalized = {};
      if (tls.length === 1) normalized[(r && r.getAttribute('data-composition-id')) || 'root'] = tls[0];
      else tls.forEach((tl, i) => { normalized['tl-' + i] = tl; });
      window.__timelines = normalized;
      return normalized;
    }
    return tls && typeof tls === 'object' ? tls : {};
  }
  function timelineOffset(key) {
    for (const el of document.querySelectorAll('[data-fg-offset]')) {
      if (el.getAttribute('data-composition-id') === key) return num(el.getAttribute('data-fg-offset'), 0);
    }
    return 0;
  }
  function timelineDuration(tl) {
    try {
      if (typeof tl.totalDuration === 'function') return Number(tl.totalDuration()) || 0;
      if (typeof tl.duration === 'function') return Number(tl.duration()) || 0;
      return Number(tl.duration) || 0;
    } catch (e) { return 0; }
  }
  function compositionDuration() {
    const r = root();
    const declared = r ? num(r.getAttribute('data-duration'), null) : null;
    if (declared !== null) return declared;
    let end = 0;
    for (const el of timedElements()) {
      const e = endOf(el);
      if (e !== null) end = Math.max(end, e);
    }
    const tls = timelineRegistry();
    for (const key of Object.keys(tls)) if (tls[key]) end = Math.max(end, timelineOffset(key) + timelineDuration(tls[key]));
    return end;
  }

  // ---------------------------------------------------------------- composition layout
  // HyperFrames lays a composition out from its data attributes, so its authors often give the root no CSS
  // size at all (with overflow: hidden it would render blank): done here once, when the document is parsed
  // (after the page's parser-run scripts), as HyperFrames' runtime init and sub-composition loader do.
  function px(value) {
    if (value === null || value === undefined || String(value).trim() === '') return null;
    const n = Number.parseFloat(value);
    return Number.isFinite(n) && n > 0 ? n + 'px' : null;
  }
  let laidOut = false;
  function layoutComposition() {
    if (laidOut || !document.body) return;
    laidOut = true;
    const r = root();
    if (!r) return; // a document that is no composition (a page in an iframe) keeps its own layout
    // Browser defaults (8px body margin, scrollbars) never show in a frame.
    for (const el of [document.documentElement, document.body]) {
      el.style.margin = '0'; el.style.padding = '0'; el.style.overflow = 'hidden';
    }
    // Each sub-composition instance: its host takes the inner composition's data-width/-height (unless it
    // has its own) as its size, and the inner composition is that size. (HyperFrames also stretches an inner
    // composition without a data size to 100% of its host, overriding its CSS size; FrameGate keeps the CSS.)
    for (const host of document.querySelectorAll('[data-fg-host]')) {
      const inner = host.querySelector('[data-fg-authored-composition-id]');
      if (!inner) continue;
      for (const [attribute, property] of [['data-width', 'width'], ['data-height', 'height']]) {
        const value = inner.getAttribute(attribute);
        if (value && !host.getAttribute(attribute)) host.setAttribute(attribute, value);
        const size = px(value);
        if (size) { host.style[property] = size; inner.style[property] = size; }
      }
    }
    const width = px(r.getAttribute('data-width')), height = px(r.getAttribute('data-height'));
    if (!r.style.position) r.style.position = 'relative';
    r.style.overflow = 'hidden';
    if (width) { r.style.width = width; r.style.setProperty('--comp-width', width); }
    if (height) { r.style.height = height; r.style.setProperty('--comp-height', height); }
    // The root's timed children are clips stacked in one layer: absolute, anchored top-left unless their CSS
    // anchors them, sized from data-width/-height or to the root when their CSS gives them no size.
    for (const el of Array.from(r.children)) {
      const tag = el.tagName.toLowerCase();
      if (tag === 'script' || tag === 'style' || tag === 'link' || tag === 'meta' || !el.hasAttribute('data-start')) continue;
      const computed = getComputedStyle(el);
      if (computed.position !== 'absolute' && computed.position !== 'fixed') el.style.position = 'absolute';
      if (!el.style.top && !el.style.bottom && computed.top === 'auto' && computed.bottom === 'auto') el.style.top = '0';
      if (!el.style.left && !el.style.right && computed.left === 'auto' && computed.right === 'auto') el.style.left = '0';
      if (tag === 'audio') continue;
      for (const property of ['width', 'height']) {
        const forced = px(el.getAttribute('data-' + property));
        const value = computed[property];
        if (forced) { if (!el.style[property] && (value === '0px' || value === 'auto')) el.style[property] = forced; }
        else if (!el.style[property] && value === '0px') el.style[property] = '100%';
      }
    }
  }
  document.addEventListener('DOMContentLoaded', layoutComposition);

  // ---------------------------------------------------------------- sub-composition scope
  // The compiler suffixes a sub-composition instance's ids, composition ids and keyframe names with
  // "__<host>" and wraps each of its inline scripts in function (document, window, gsap) { … } called with
  // scope(host, compositions): views in which the names its author wrote find this instance's elements,
  // and window.__timelines[authored composition id] is this instance's own entry.
  function isNameChar(c) { return !!c && /[\w\-\u0080-\uffff]/.test(c); }
  // The selector an instance's author wrote, in the instance's names: "#id" (outside attribute selectors and
  // strings) for ids of this instance (`ownById`), [data-composition-id=…] through `compositions`.
  function rewriteSelector(selector, suffix, ownById, compositions) {
    let out = '', bracket = 0, quote = null;
    for (let i = 0; i < selector.length; i++) {
      const c = selector[i];
      if (quote) { out += c; if (c === quote && selector[i - 1] !== '\\') quote = null; continue; }
      if (c === '"' || c === "'") { quote = c; out += c; continue; }
      if (c === '[') bracket++; else if (c === ']') bracket = Math.max(0, bracket - 1);
      out += c;
      if (c !== '#' || bracket > 0) continue;
      let j = i + 1;
      while (j < selector.length && isNameChar(selector[j])) j++;
      const name = selector.slice(i + 1, j);
      if (name && ownById(name)) { out += name + suffix; i = j - 1; }
    }
    return out.replace(/\[\s*data-composition-id\s*=\s*(["']?)([^"'\]\s]+)\1\s*\]/g, (whole, q, id) =>
      Object.prototype.hasOwnProperty.call(compositions, id) ? '[data-composition-id="' + compositions[id] + '"]' : whole);
  }

  function scope(hostId, compositions) {
    const suffix = '__' + hostId;
    const realDocument = document;
    let hostElement = null;
    function host() {
      if (hostElement && hostElement.isConnected) return hostElement;
      hostElement = null;
      for (const el of realDocument.querySelectorAll('[data-fg-host]')) {
        if (el.getAttribute('data-fg-host') === hostId) { hostElement = el; break; }
      }
      return hostElement;
    }
    function own(el) { const h = host(); return !!(el && h && (el === h || h.contains(el))); }
    function ownById(id) { const el = realDocument.getElementById(id + suffix); return own(el) ? el : null; }
    function rewrite(selector) { return rewriteSelector(selector, suffix, ownById, compositions); }
    // This instance's matches first; selectors that match nothing here (the host page's elements) fall back to the page.
    function queryAll(selector) {
      const h = host();
      if (!h || typeof selector !== 'string') return realDocument.querySelectorAll(selector);
      const mine = h.querySelectorAll(rewrite(selector));
      return mine.length ? mine : realDocument.querySelectorAll(selector);
    }
    function queryOne(selector) {
      const h = host();
      if (!h || typeof selector !== 'string') return realDocument.querySelector(selector);
      return h.querySelector(rewrite(selector)) || realDocument.querySelector(selector);
    }
    function byId(id) { return ownById(String(id)) || realDocument.getElementById(id); }
    const scopedDocument = new Proxy(realDocument, {
      get(target, prop) {
        if (prop === 'querySelector') return queryOne;
        if (prop === 'querySelectorAll') return queryAll;
        if (prop === 'getElementById') return byId;
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
      set(target, prop, value) { return Reflect.set(target, prop, value, target); },
    });
    function key(prop) {
      return typeof prop === 'string' && Object.prototype.hasOwnProperty.call(compositions, prop) ? compositions[prop] : prop;
    }
    let registry = null, registryProxy = null;
    function timelines() {
      if (!window.__timelines || typeof window.__timelines !== 'object') window.__timelines = {};
      if (registry !== window.__timelines) {
        registry = window.__timelines;
        registryProxy = new Proxy(registry, {
          get(target, prop) { return Reflect.get(target, key(prop), target); },
          set(target, prop, value) { return Reflect.set(target, key(prop), value, target); },
          has(target, prop) { return Reflect.has(target, key(prop)); },
          deleteProperty(target, prop) { return Reflect.deleteProperty(target, key(prop)); },
        });
      }
      return registryProxy;
    }
    function resolveTargets(targets) { return typeof targets === 'string' ? Array.from(queryAll(targets)) : targets; }
    const tweenMethods = ['to', 'from', 'fromTo', 'set'];
    function scopeTimeline(tl) {
      if (!tl || typeof tl !== 'object') return tl;
      for (const method of tweenMethods) {
        const original = tl[method];
        if (typeof original !== 'function') continue;
        tl[method] = function (targets, ...rest) { return original.call(this, resolveTargets(targets), ...rest); };
      }
      return tl;
    }
    const realGsap = window.gsap;
    const scopedGsap = realGsap ? new Proxy(realGsap, {
      get(target, prop) {
        if (prop === 'timeline') return function (...args) { return scopeTimeline(target.timeline(...args)); };
        if (tweenMethods.includes(prop)) return function (targets, ...rest) { return target[prop](resolveTargets(targets), ...rest); };
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) : realGsap;
    const scopedWindow = new Proxy(window, {
      get(target, prop) {
        if (prop === '__timelines') return timelines();
        if (prop === 'document') return scopedDocument;
        if (prop === 'gsap' && realGsap && target.gsap === realGsap) return scopedGsap;
        const value = Reflect.get(target, prop, target);
        // Native methods stay bound to the real window; constructors (with a prototype) are returned as they are.
        return typeof value === 'function' && value.prototype === undefined ? value.bind(target) : value;
      },
      set(target, prop, value) {
        if (prop === '__timelines') {
          if (value !== registryProxy) target.__timelines = value;
          return true;
        }
        return Reflect.set(target, prop, value, target);
      },
    });
    return { document: scopedDocument, window: scopedWindow, gsap: scopedGsap };
  }

  // A sub-composition's inline script threw while it ran. As in HyperFrames (compositionScoping's error
  // boundary), the rest of the page renders on; unlike HyperFrames' console line, FrameGate reports it
  // through a binding (ScriptBoundary.swift) so every render prints a warning naming the file and the error.
  // The host page's own scripts have no boundary: their errors still fail the render.
  function subCompositionScriptFailed(hostId, error) {
    const host = Array.from(document.querySelectorAll('[data-fg-host]')).find((el) => el.getAttribute('data-fg-host') === hostId);
    const stack = error && typeof error.stack === 'string' ? error.stack : '';
    const frame = /\((\S+:\d+:\d+)\)|at (\S+:\d+:\d+)/.exec(stack);
    let message;
    try { message = error instanceof Error ? String(error) : 'Uncaught ' + String(error); } catch (e) { message = 'an exception'; }
    const failure = {
      host: hostId,
      file: (host && host.getAttribute('data-composition-src')) || '',
      message,
      location: frame ? (frame[1] || frame[2]) : '',
    };
    try { __framegateSubCompositionScriptFailed(JSON.stringify(failure)); } catch (e) { /* no binding: the console line below */ }
    console.error('[FrameGate] sub-composition script error:', failure.file || hostId, error);
  }

  // An element's own querySelector/querySelectorAll inside a sub-composition instance
  // (`container.querySelector("#grid-container")`, container being the instance's root): the author wrote the
  // file's ids, the compiler suffixed them, and an element's methods are not the scoped document's. HyperFrames
  // keeps authored ids, so there such a query finds its element. When the query as written finds nothing
  // and the element is inside an instance, it is retried in that instance's names; a query that finds
  // something is never changed.
  function instanceSelector(el, selector) {
    if (typeof selector !== 'string' || (selector.indexOf('#') < 0 && selector.indexOf('data-composition-id') < 0)) return null;
    const host = el.closest('[data-fg-host]');
    if (!host) return null;
    const suffix = '__' + host.getAttribute('data-fg-host');
    const ownById = (id) => { const found = document.getElementById(id + suffix); return found && host.contains(found) ? found : null; };
    const compositions = {};
    for (const inner of host.querySelectorAll('[data-fg-authored-composition-id]')) {
      const authored = inner.getAttribute('data-fg-authored-composition-id');
      if (inner.getAttribute('data-composition-id') === authored + suffix) compositions[authored] = authored + suffix;
    }
    const rewritten = rewriteSelector(selector, suffix, ownById, compositions);
    return rewritten === selector ? null : rewritten;
  }
  const nativeQueryOne = Element.prototype.querySelector, nativeQueryAll = Element.prototype.querySelectorAll;
  Element.prototype.querySelector = function querySelector(selector) {
    const found = nativeQueryOne.call(this, selector);
    if (found) return found;
    const retry = instanceSelector(this, selector);
    return retry ? nativeQueryOne.call(this, retry) : null;
  };
  Element.prototype.querySelectorAll = function querySelectorAll(selector) {
    const found = nativeQueryAll.call(this, selector);
    if (found.length) return found;
    const retry = instanceSelector(this, selector);
    return retry ? nativeQueryAll.call(this, retry) : found;
  };

  // ---------------------------------------------------------------- seek steps
  function ensureStyle() {
    if (document.getElementById('__hf-style')) return;
    const style = document.createElement('style');
    style.id = '__hf-style';
    // visibility (not display) keeps layout and CSS animations alive; !important on descendants
    // so a hidden timed ancestor hides children that declare visibility: visible.
    style.textContent =
      '[data-hf-hidden], [data-hf-hidden] * { visibility: hidden !important; }\n' +
      '[data-hidden] { display: none !important; }\n' +
      '[data-hf-overlaid] { visibility: hidden !important; }\n';
    (document.head || document.documentElement).appendChild(style);
  }
  function applyVisibility(t) {
    for (const el of timedElements()) {
      const end = endOf(el);
      const visible = t >= startOf(el) && (end === null || t < end);
      // Touch the attribute only on change: every write invalidates style, and seeks are per frame.
      if (visible === el.hasAttribute('data-hf-hidden')) {
        if (visible) el.removeAttribute('data-hf-hidden'); else el.setAttribute('data-hf-hidden', '');
      }
    }
  }
  // A GSAP timeline holding a zero-duration tween with a callback (tl.call(fn, …)): the nudge below would
  // fire it twice, so such a timeline is not nudged (HyperFrames' hasZeroDurationCallbackTween).
  const zeroDurationCallbacks = new WeakMap();
  function hasZeroDurationCallback(tl) {
    if (zeroDurationCallbacks.has(tl)) return zeroDurationCallbacks.get(tl);
    let found = false;
    try {
      const children = typeof tl.getChildren === 'function' ? tl.getChildren(true, true, true) : [];
      found = Array.isArray(children) && children.some((child) => {
        const vars = child && child.vars;
        if (!vars || !['onStart', 'onUpdate', 'onComplete', 'onReverseComplete', 'onRepeat'].some((n) => typeof vars[n] === 'function')) return false;
        const length = typeof child.totalDuration === 'function' ? Number(child.totalDuration())
          : typeof child.duration === 'function' ? Number(child.duration()) : NaN;
        return Number.isFinite(length) && length <= 0.000001;
      });
    } catch (e) { found = false; }
    zeroDurationCallbacks.set(tl, found);
    return found;
  }
  function seekTimelines(t) {
    const tls = timelineRegistry();
    for (const key of Object.keys(tls)) {
      const tl = tls[key];
      if (!tl) continue;
      const local = Math.max(0, t - timelineOffset(key));
      if (typeof tl.pause === 'function') tl.pause();
      if (typeof tl.totalTime === 'function') {
        tl.totalTime(local, false);
        // HyperFrames' forced-render nudge (runtime seekTimelineAndAdapters): a step forward and back with events
        // suppressed, so a zero-duration tween at exactly this time (tl.set(el, …, 0)) is rendered at this
        // frame; a plain totalTime(0) on a fresh timeline renders nothing, and frame 0 missed such sets.
        // Only GSAP timelines (getChildren) have zero-duration tweens: an author's own { totalTime(t) } object
        // is called once per seek, since calling it three times would consume its seeded random stream
        // three times (fixture seam-particles).
        if (typeof tl.getChildren === 'function' && !hasZeroDurationCallback(tl)) { tl.totalTime(local + 0.001, true); tl.totalTime(local, true); }
      } else if (typeof tl.seek === 'function') tl.seek(local, false);
    }
  }
  // Animations are "baked": each seek plays every animation at its time, reads the values it produces,
  // cancels it and writes those values inline. A live (even paused) transform or opacity animation makes
  // Chromium composite its element, and a composited layer's raster scale depends on the frames drawn
  // before — so the same frame would differ between a full render and a chunk. Baked values are static
  // styles, painted at exactly this frame's state whatever came before.
  const baked = new Map(); // Animation -> { target, properties }
  const bakedInline = new Map(); // element -> Map(property -> [value, priority]) as the page wrote it
  function kebab(name) { return name.startsWith('--') ? name : name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()); }
  function animatedProperties(animation) {
    const names = new Set();
    try {
      for (const frame of animation.effect.getKeyframes()) {
        for (const key of Object.keys(frame)) {
          if (key !== 'offset' && key !== 'computedOffset' && key !== 'easing' && key !== 'composite') names.add(kebab(key));
        }
      }
    } catch (e) { /* effect without keyframes */ }
    return Array.from(names);
  }
  function registerAnimations() {
    if (!document.getAnimations) return;
    for (const animation of document.getAnimations()) {
      if (baked.has(animation)) continue;
      if (window.CSSTransition && animation instanceof CSSTransition) {
        // Transitions have no composition time of their own; settle them so pixels never depend on history.
        animation.finish();
        continue;
      }
      const target = animation.effect && animation.effect.target;
      if (!target || !target.style) continue;
      const properties = animatedProperties(animation);
      baked.set(animation, { target, properties });
      let inline = bakedInline.get(target);
      if (!inline) { inline = new Map(); bakedInline.set(target, inline); }
      for (const property of properties) {
        if (!inline.has(property)) inline.set(property, [target.style.getPropertyValue(property), target.style.getPropertyPriority(property)]);
      }
    }
  }
  function seekAnimations(t) {
    registerAnimations();
    if (baked.size === 0) return;
    for (const [target, inline] of bakedInline) {
      for (const [property, [value, priority]] of inline) {
        if (value) target.style.setProperty(property, value, priority); else target.style.removeProperty(property);
      }
    }
    for (const [animation, entry] of baked) {
      animation.pause();
      animation.currentTime = Math.max(0, (t - animationOrigin(entry.target)) * 1000);
    }
    const values = [];
    for (const [target, inline] of bakedInline) {
      const computed = getComputedStyle(target);
      for (const property of inline.keys()) values.push([target, property, computed.getPropertyValue(property)]);
    }
    for (const animation of baked.keys()) animation.cancel();
    for (const [target, property, value] of values) target.style.setProperty(property, value);
  }
  // Images a script loads (new Image(), createElement('img'), then .src = …) often feed a canvas from their
  // load handler. Each such load is awaited — until its load or error event has been dispatched, so the
  // page's own handler has run — before a capture and between replayed frames, so a canvas fed from an image
  // sees it at the same frame in every mode.
  const scriptImageLoads = new Set();
  if (window.HTMLImageElement) {
    const srcDescriptor = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
    if (srcDescriptor && srcDescriptor.set && srcDescriptor.configurable) {
      Object.defineProperty(HTMLImageElement.prototype, 'src', {
        configurable: true, enumerable: srcDescriptor.enumerable, get: srcDescriptor.get,
        set(value) {
          const img = this;
          const done = new Promise((resolve) => {
            const finish = () => { img.removeEventListener('load', finish); img.removeEventListener('error', finish); resolve(); };
            img.addEventListener('load', finish);
            img.addEventListener('error', finish);
          });
          scriptImageLoads.add(done);
          done.then(() => scriptImageLoads.delete(done));
          srcDescriptor.set.call(img, value);
        },
      });
    }
  }
  async function scriptImagesLoaded() {
    while (scriptImageLoads.size > 0) await Promise.all(Array.from(scriptImageLoads));
  }
  // Settled means settled: images in shadow roots and CSS background images are decoded too, and fonts a
  // style change has just asked for are loaded (layout is forced first, so their loads have started).
  const backgroundLoads = new Map(); // url -> Promise (decoded once per page)
  function openShadowRoots(root, out) {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { out.push(el.shadowRoot); openShadowRoots(el.shadowRoot, out); }
    }
    return out;
  }
  function backgroundURLs(roots) {
    const urls = new Set();
    for (const root of roots) {
      for (const el of root.querySelectorAll('*')) {
        const value = getComputedStyle(el).backgroundImage;
        if (!value || value === 'none' || value.indexOf('url(') < 0) continue;
        for (const match of value.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)) urls.add(match[2]);
      }
    }
    return urls;
  }
  function decodeBackground(url) {
    let load = backgroundLoads.get(url);
    if (!load) {
      const img = new Image();
      img.src = url;
      load = img.decode().catch(() => {}); // a missing file fails the render through the asset server
      backgroundLoads.set(url, load);
    }
    return load;
  }
  async function settle() {
    void document.documentElement.offsetHeight; // style and layout now: pending font and image loads start
    if (document.fonts && document.fonts.ready) await waitingFor('fonts to load (document.fonts.ready)', document.fonts.ready);
    await waitingFor('images a script loads (new Image(), img.src = …)', scriptImagesLoaded());
    const roots = [document];
    openShadowRoots(document, roots);
    const images = [];
    for (const root of roots) {
      for (const img of root.querySelectorAll('img')) if (!img.closest('[data-hf-hidden], [data-hidden]')) images.push(img);
    }
    for (const img of images) if (img.loading === 'lazy') img.loading = 'eager';
    await waitingFor('images to decode', Promise.all(images.map((img) => (img.src ? img.decode().catch(() => {}) : null))));
    await waitingFor('CSS background images to decode', Promise.all(Array.from(backgroundURLs(roots), decodeBackground)));
    await Promise.resolve();
    await Promise.resolve();
    // Two real frames: the first commits this seek's style and layout to the compositor, the second
    // starts after that frame is drawn, so a screenshot can never show paint or raster from before the seek
    // (without them, 2 of 300 perf frames differed between two identical runs). Under begin-frame control
    // there are no frames to wait for: the renderer's next BeginFrame runs every stage for this seek.
    if (!frameControl) await waitingFor('the browser to draw two frames', realFrames());
  }
  const frameControl = window.__hfFrameControl === true;
  function realFrames() {
    return new Promise((resolve) => realRequestAnimationFrame(() => realRequestAnimationFrame(resolve)));
  }

  // ---------------------------------------------------------------- video overlays
  const overlays = new Map(); // video element -> canvas
  // The renderer hands each decoded frame over as a file of raw RGBA bytes, selected into this input with
  // DOM.setFileInputFiles: the bytes reach the page through the browser's file reader, never as base64 text
  // in a protocol message. The input is detached and private to the runtime: the page never sees it.
  const videoFrameInput = document.createElement('input');
  videoFrameInput.type = 'file';
  async function handedVideoFrame(width, height) {
    const file = videoFrameInput.files && videoFrameInput.files[0];
    const expected = width * height * 4;
    if (!file || file.size !== expected) {
      throw new Error(`FrameGate: the video frame handed to the page has ${file ? file.size : 0} bytes, expected ${expected} (${width}x${height} RGBA)`);
    }
    return new Uint8ClampedArray(await file.arrayBuffer());
  }
  function placeOverlay(video, canvas) {
    const cs = getComputedStyle(video);
    const px = (v) => parseFloat(v) || 0;
    const left = video.offsetLeft + px(cs.borderLeftWidth) + px(cs.paddingLeft);
    const top = video.offsetTop + px(cs.borderTopWidth) + px(cs.paddingTop);
    const width = video.offsetWidth - px(cs.borderLeftWidth) - px(cs.borderRightWidth) - px(cs.paddingLeft) - px(cs.paddingRight);
    const height = video.offsetHeight - px(cs.borderTopWidth) - px(cs.borderBottomWidth) - px(cs.paddingTop) - px(cs.paddingBottom);
    const s = canvas.style;
    s.position = 'absolute';
    s.margin = '0'; s.padding = '0'; s.border = '0';
    s.left = left + 'px'; s.top = top + 'px';
    s.width = Math.max(0, width) + 'px'; s.height = Math.max(0, height) + 'px';
    s.boxSizing = 'content-box';
    // A canvas is a replaced element, so the browser applies object-fit exactly as for the video.
    s.objectFit = cs.objectFit; s.objectPosition = cs.objectPosition;
    s.transform = cs.transform; s.transformOrigin = cs.transformOrigin;
    s.opacity = cs.opacity; s.filter = cs.filter; s.clipPath = cs.clipPath;
    s.borderRadius = cs.borderRadius; s.mixBlendMode = cs.mixBlendMode;
    s.zIndex = cs.zIndex;
    s.pointerEvents = 'none';
    const hidden = video.hasAttribute('data-hf-hidden') || video.hasAttribute('data-hidden');
    s.visibility = hidden ? 'hidden' : '';
    s.display = video.hasAttribute('data-hidden') || cs.display === 'none' ? 'none' : 'block';
  }
  function syncOverlays() {
    for (const [video, canvas] of overlays) {
      if (!video.isConnected) { canvas.remove(); overlays.delete(video); continue; }
      if (canvas.previousSibling !== video) video.after(canvas);
      placeOverlay(video, canvas);
    }
  }
  // One frame ahead: the renderer hands over the next frame's pixels while the current frame is drawn and read
  // back; they wait here, off screen, until showStagedVideoFrame draws them (the next frame's seek).
  const stagedFrames = new Map(); // element id -> { width, height, pixels, key }
  async function stageVideoFrame(id, width, height, key) {
    stagedFrames.set(id, { width, height, pixels: await handedVideoFrame(width, height), key: key ?? null });
    return true;
  }
  // 'unstaged' when no frame of this size waits for the element (a reload since, or none was staged): the
  // renderer then hands the frame over instead.
  function showStagedVideoFrame(id, width, height) {
    const staged = stagedFrames.get(id);
    stagedFrames.delete(id);
    if (!staged || staged.width !== width || staged.height !== height) return 'unstaged';
    return drawVideoFrame(id, width, height, staged.pixels, staged.key);
  }
  // The renderer's name for the frame each overlay shows (its source frame): when the next frame shows the same
  // source frame (a held last frame, a 24 fps clip at 30 fps), the renderer asks here and hands nothing over.
  const overlayFrameKeys = new WeakMap(); // overlay canvas -> key
  function showsVideoFrame(id, key) {
    const video = document.getElementById(id);
    const canvas = video && overlays.get(video);
    return !!canvas && canvas.isConnected && overlayFrameKeys.get(canvas) === key;
  }
  function drawVideoFrame(id, width, height, pixels, key) {
    const video = document.getElementById(id);
    if (!video) return false;
    ensureStyle();
    let canvas = overlays.get(video);
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.setAttribute('data-hf-overlay', id);
      // Out of flow before it enters the document: in flow, the new canvas would be a sibling in the video's
      // line or flex row, and placeOverlay would read the video's box squeezed beside it (the first frame of a
      // video centred in a flex container was drawn shrunk at the container's left edge).
      canvas.style.position = 'absolute';
      overlays.set(video, canvas);
      video.after(canvas);
    }
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
    if (key === null) overlayFrameKeys.delete(canvas); else overlayFrameKeys.set(canvas, key);
    video.setAttribute('data-hf-overlaid', '');
    placeOverlay(video, canvas);
    if (!uploadsVideo) return true;
    dispatchSeekEvent(nowMs / 1000, true);
    return adaptersSettled().then(() => (frameControl ? true : realFrames().then(() => true)));
  }

  // ---------------------------------------------------------------- library adapters
  // The per-seek hooks HyperFrames' runtime adapters drive, driven the same way at every seek:
  //   three.js / TypeGPU  window.__hfThreeTime and window.__hfTypegpuTime = t, then an "hf-seek" event
  //                       on window with detail { time, waitUntil(promise) }; registered promises are
  //                       awaited before the frame is captured (a rejection fails the render).
  //   anime.js            every instance in window.__hfAnime (v3: also anime.running) .seek(t · 1000)
  //   Lottie              window.__hfLottie (+ lottie.getRegisteredAnimations()): goToAndStop(t · 1000)
  //   readiness only      __hfLeaflet (whenReady), __hfGoogleMaps ('tilesloaded'), THREE.DefaultLoadingManager
  //                       (itemsLoaded = itemsTotal): awaited before capture. Not awaited, unlike HyperFrames:
  //                       __hfD3 (transition.end()): it runs on this runtime's clock (timers, rAF), which only
  //                       moves between seeks, so waiting for it inside a seek would never end; d3 transitions
  //                       play in composition time instead.
  //   live maps           __hfMaplibre / __hfMapbox: HyperFrames waits for 'load' once; FrameGate waits at every
  //                       seek until the map has drawn every tile its camera needs (liveMaps, below).
  let seekWaits = [];
  let lastSeekEventTime = -1;
  function dispatchSeekEvent(t, force) {
    if (t === lastSeekEventTime && !force) return; // HyperFrames dispatches once per distinct time
    lastSeekEventTime = t;
    let accepting = true;
    const detail = {
      time: t,
      waitUntil(promise) {
        if (!accepting) throw new Error('hf-seek waitUntil() must be called synchronously from the event listener');
        seekWaits.push(Promise.resolve(promise));
      },
    };
    try { window.dispatchEvent(new CustomEvent('hf-seek', { detail })); } finally { accepting = false; }
  }
  function registered(name) { const list = window[name]; return Array.isArray(list) ? list : []; }
  function adopt(name, found) {
    if (!Array.isArray(found) || found.length === 0) return;
    const list = registered(name).slice();
    for (const item of found) if (!list.includes(item)) list.push(item);
    window[name] = list;
  }
  function seekAdapters(t) {
    window.__hfThreeTime = t;
    window.__hfTypegpuTime = t;
    dispatchSeekEvent(t, false);
    try { if (window.anime && Array.isArray(window.anime.running)) adopt('__hfAnime', window.anime.running); } catch (e) { /* v4 */ }
    for (const instance of registered('__hfAnime')) {
      if (instance && typeof instance.seek === 'function') instance.seek(t * 1000);
    }
    try { if (window.lottie && typeof window.lottie.getRegisteredAnimations === 'function') adopt('__hfLottie', window.lottie.getRegisteredAnimations()); } catch (e) { /* none */ }
    for (const anim of registered('__hfLottie')) {
      if (!anim) continue;
      if (typeof anim.goToAndStop === 'function') anim.goToAndStop(t * 1000, false);
      else if (typeof anim.setCurrentRawFrameValue === 'function') {
        const total = anim.totalFrames || 0;
        if (total > 0) anim.setCurrentRawFrameValue(Math.min(t * (anim.frameRate || 30), total - 1));
      } else if (typeof anim.seek === 'function') anim.seek(Math.min(100, (t / (anim.duration || 1)) * 100));
    }
  }
  const ready = new WeakSet(); // readiness instances already settled
  // Each unsettled readiness gate: what it is (for SEEK_TIMEOUT) and the promise that settles it.
  function readinessGates() {
    const out = [];
    const watch = (name, event, wait) => {
      registered(name).forEach((instance, index) => {
        if (!instance || ready.has(instance)) return;
        const promise = Promise.resolve().then(() => wait(instance)).then(() => { ready.add(instance); }, () => { ready.add(instance); });
        out.push({ label: name + '[' + index + '] ' + event, promise });
      });
    };
    watch('__hfLeaflet', 'whenReady()', (m) => new Promise((resolve) => m.whenReady(resolve)));
    watch('__hfGoogleMaps', "'tilesloaded'", (m) => new Promise((resolve) => { const h = m.addListener('tilesloaded', () => { h.remove(); resolve(); }); }));
    const manager = threeLoads();
    if (manager) {
      out.push({
        label: 'THREE.DefaultLoadingManager onLoad',
        promise: new Promise((resolve) => {
          const previous = manager.onLoad;
          manager.onLoad = function () { manager.onLoad = previous; try { if (previous) previous.call(this); } finally { resolve(); } };
        }),
      });
    }
    return out;
  }
  function threeLoads() {
    const manager = window.THREE && window.THREE.DefaultLoadingManager;
    return manager && typeof manager.itemsTotal === 'number' && manager.itemsTotal > manager.itemsLoaded ? manager : null;
  }

  // Loads the page started that are still on their way: a readiness gate may be waiting for them.
  let requestsInFlight = 0;
  function trackRequest(promise) {
    requestsInFlight++;
    const done = () => { requestsInFlight--; };
    promise.then(done, done);
  }
  // fetch, and createImageBitmap (a map turns a fetched tile into a picture with it: until that resolves the tile
  // is not loaded): each call counts until its promise settles.
  for (const name of ['fetch', 'createImageBitmap']) {
    const real = window[name];
    if (typeof real !== 'function') continue;
    window[name] = function (...args) {
      const result = real.apply(window, args);
      trackRequest(result);
      return result;
    };
  }
  if (window.XMLHttpRequest) {
    const realSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...args) {
      trackRequest(new Promise((resolve) => this.addEventListener('loadend', resolve, { once: true })));
      return realSend.apply(this, args);
    };
  }
  function realWorkPending() {
    if (document.readyState !== 'complete') return 'the document to finish loading';
    if (document.fonts && document.fonts.status === 'loading') return 'fonts to load';
    if (scriptImageLoads.size > 0) return scriptImageLoads.size + ' image(s) a script loads';
    if (requestsInFlight > 0) return requestsInFlight + ' fetch/XMLHttpRequest request(s) or createImageBitmap decode(s)';
    for (const img of document.images) if (img.src && !img.complete && img.loading !== 'lazy') return 'image ' + img.src;
    const manager = threeLoads();
    if (manager) return 'three.js loads (' + manager.itemsLoaded + ' of ' + manager.itemsTotal + ')';
    return null;
  }

  // A readiness gate that is still shut once everything the page loads has arrived waits on the page's own
  // clock: a map that reports 'tilesloaded' from a setTimeout, a rAF loop that marks itself ready. In a
  // browser those run while the composition clock stands at the seek's time (HyperFrames' renderer waits
  // for readiness with real timers running and Date.now() frozen). FrameGate does the same in composition
  // order, not wall time: tick by tick (1/60 s each, up to READINESS_RUN_AHEAD_MS), the timers due within
  // the tick run and the queued animation frames are called, the clock held at the seek's time, until the
  // gate opens. The ticks depend only on the page's timers, never on how long anything took, so every render
  // runs the same callbacks; a page whose gates open by themselves (or have no timers) is not touched.
  const READINESS_TICK_MS = 1000 / 60;
  const READINESS_RUN_AHEAD_MS = 60000;
  function realTurn(ms) { return new Promise((resolve) => realSetTimeout(resolve, ms)); }
  async function readinessSettled() {
    const gates = readinessGates();
    const maps = liveMaps();
    if (gates.length === 0 && maps.length === 0) return;
    let open = gates.length === 0;
    const all = Promise.all(gates.map((gate) => gate.promise)).then(() => { open = true; });
    const labels = gates.map((gate) => gate.label).join(', ');
    // What is still shut. The maps are redrawn and looked at each time (they must be ready at this seek, not
    // once); the one-time gates wait for their promise.
    const shut = () => [open ? null : labels, mapsPending(maps)].filter(Boolean).join(', ') || null;
    const heldAt = nowMs;
    let ticks = 0;
    let waiting = shut();
    while (waiting) {
      const busy = realWorkPending();
      if (busy) {
        waitingOn = waiting + ', while the page still waits for ' + busy;
        await realTurn(4);
        continue;
      }
      await realTurn(0); // promise chains and events of what just arrived settle first
      if (realWorkPending()) continue;
      waiting = shut();
      if (!waiting) break;
      if ((ticks + 1) * READINESS_TICK_MS > READINESS_RUN_AHEAD_MS) {
        waitingOn = waiting + ' (the page\'s timers and animation frames were run ' + (READINESS_RUN_AHEAD_MS / 1000) +
          ' s ahead of t = ' + (heldAt / 1000) + ' s and it still did not open)';
        await all;
        while (mapsPending(maps)) await realTurn(50);
        break;
      }
      ticks++;
      waitingOn = waiting;
      runTimersUntil(heldAt + ticks * READINESS_TICK_MS, true);
      flushAnimationFrames();
    }
    waitingOn = null;
    if (ticks > 0) runAheadTicks += ticks;
  }
  let runAheadTicks = 0; // for tests: how many readiness ticks ran in this document

  // Live maps (MapLibre GL / Mapbox GL in window.__hfMaplibre / __hfMapbox). After 'load' a map fetches its
  // tiles by itself and draws them from its own animation frames, so the frame that first showed a tile, and
  // even which parent tiles it asked for, depended on how fast the tiles arrived: two renders of a still map
  // differed with exit 0. Instead a map is a readiness gate at every seek (above): it is redrawn synchronously
  // at the seek's time (map.redraw(): the camera's tiles are requested and the picture is drawn from what has
  // arrived), and the gate is open once its style and every tile it holds are loaded or errored. The redraw
  // after which nothing is missing is the picture the frame shows. Its own timers (the style's loading steps)
  // run ahead like any gate's; a raster tile's fade reads performance.now(), the composition clock, so a tile
  // that arrived during a seek fades in over the same frames in every render.
  const MAP_LISTS = ['__hfMaplibre', '__hfMapbox'];
  function liveMaps() {
    const out = [];
    for (const name of MAP_LISTS) {
      registered(name).forEach((map, index) => {
        if (map && typeof map.loaded === 'function') out.push({ map, label: name + '[' + index + ']' });
      });
    }
    return out;
  }
  function mapsPending(maps) {
    const pending = [];
    for (const { map, label } of maps) {
      if (typeof map.redraw === 'function') map.redraw();
      const styleLoaded = typeof map.isStyleLoaded === 'function' ? map.isStyleLoaded() : map.loaded();
      if (!styleLoaded) pending.push(label + ' to load its style and sources');
      else if (typeof map.areTilesLoaded === 'function' && !map.areTilesLoaded()) pending.push(label + ' to load its tiles');
    }
    return pending.join(', ') || null;
  }
  async function adaptersSettled() {
    await readinessSettled();
    while (seekWaits.length > 0) {
      const waits = seekWaits;
      seekWaits = [];
      // A rejected waitUntil fails the seek, and so the render.
      await waitingFor(waits.length + ' promise(s) passed to the hf-seek event\'s waitUntil()', Promise.all(waits));
    }
  }
  // WebGL: a <video> uploaded as a texture is FrameGate's decoded frame (the overlay canvas the renderer
  // draws it into), since the browser never plays the video. Once the renderer has drawn a new frame, the
  // page's hf-seek listeners run again at the same time so they upload it (HyperFrames does the same).
  let uploadsVideo = false;
  for (const ctor of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
    if (!ctor) continue;
    for (const method of ['texImage2D', 'texSubImage2D']) {
      const original = ctor.prototype[method];
      if (typeof original !== 'function') continue;
      ctor.prototype[method] = function (...args) {
        const last = args[args.length - 1];
        if (window.HTMLVideoElement && last instanceof HTMLVideoElement) {
          uploadsVideo = true;
          const overlay = overlays.get(last);
          if (overlay) args[args.length - 1] = overlay;
        }
        return original.apply(this, args);
      };
    }
  }

  // ---------------------------------------------------------------- same-origin iframes
  // Page.addScriptToEvaluateOnNewDocument installs this runtime in every frame; a frame's clock, random
  // streams, timers, rAF and timelines move only when the page that holds it seeks: to the same
  // composition time (an iframe shares the composition's clock, it does not restart at its data-start).
  function childFrames() {
    const out = [];
    for (const frame of document.querySelectorAll('iframe, frame')) {
      let runtime = null;
      try { runtime = frame.contentWindow && frame.contentWindow.__hf; } catch (e) { runtime = null; } // cross-origin
      if (runtime && typeof runtime.advanceFrame === 'function') out.push({ frame, runtime });
    }
    return out;
  }
  function childRuntimes() { return childFrames().map((child) => child.runtime); }
  // A frame's settle, or its removal: a detached document never draws again, so its settle would never end
  // (html2canvas renders from a clone iframe that it removes when it is done).
  function childSettled({ frame, runtime }) {
    let removed = false;
    const settled = runtime.settleFrame().then(() => { removed = true; });
    const detached = new Promise((resolve) => {
      // Real timers, not animation frames: under begin-frame control no frame comes while a seek waits.
      const check = () => { if (removed || !frame.isConnected || !frame.contentWindow) { removed = true; resolve(); } else realSetTimeout(check, 16); };
      check();
    });
    return Promise.race([settled, detached]);
  }
  function childrenWaitingOn() {
    const waits = [];
    for (const { frame, runtime } of childFrames()) {
      const what = runtime.waitingOn;
      if (what) waits.push('iframe ' + (frame.id ? '#' + frame.id : frame.getAttribute('src') || '(no src)') + ': ' + what);
    }
    return waits.length ? waits.join('; ') : null;
  }

  // ---------------------------------------------------------------- what only the page knows
  // The composition model comes from the compiler; the page reports only what running it decides.
  function runtimeReport() {
    const r = root();
    if (!r) return null;
    let variables = null;
    try { variables = window.__hyperframes.getVariables(); } catch (e) { variables = null; }
    return {
      compositionId: r.getAttribute('data-composition-id') || null,
      duration: compositionDuration(),
      timelines: Object.keys(timelineRegistry()),
      variablesJSON: variables === null ? null : JSON.stringify(variables),
    };
  }

  // ---------------------------------------------------------------- variables
  const overrides = (window.__hfVariables && typeof window.__hfVariables === 'object') ? window.__hfVariables : {};
  window.__hfVariables = overrides;
  window.__hyperframes = window.__hyperframes || {};
  // Declared defaults as the compiler reads them (and HyperFrames): <html data-composition-variables> first,
  // then every element that declares them in document order, a later declaration winning; overrides last.
  window.__hyperframes.getVariables = function () {
    const defaults = {};
    const declarers = [];
    if (document.documentElement && document.documentElement.hasAttribute('data-composition-variables')) declarers.push(document.documentElement);
    for (const el of document.querySelectorAll('[data-composition-variables]')) if (!declarers.includes(el)) declarers.push(el);
    for (const el of declarers) {
      try {
        const list = JSON.parse(el.getAttribute('data-composition-variables'));
        if (Array.isArray(list)) for (const v of list) if (v && v.id !== undefined) defaults[v.id] = v.default;
      } catch (e) { /* malformed declarations: the compiler refused them already */ }
    }
    return Object.assign(defaults, window.__hfVariables || {});
  };

  // ---------------------------------------------------------------- the bridge
  let seekChain = Promise.resolve();
  // Everything a seek does that scripts can observe; `settle` only waits for the browser.
  function advance(t) {
    layoutComposition();
    ensureStyle();
    silenceMedia();
    seedFromTime(t);
    const target = t * 1000;
    if (target < nowMs) nowMs = target; // backwards: timers already run are not undone
    runTimersUntil(target);
    nowMs = target;
    seedFromTime(t); // timelines and the rest of the seek: the frame's own stream, whatever timers ran
    seekTimelines(t);
    seekAnimations(t);
    applyVisibility(t);
    seekAdapters(t);
    flushAnimationFrames();
    // Callbacks may have started new animations or changed timed attributes.
    seekAnimations(t);
    applyVisibility(t);
    syncOverlays();
    for (const child of childRuntimes()) child.advanceFrame(t);
  }
  // Everything a frame's pixels wait for once it has advanced: this document's and its iframes'.
  async function settleAll() {
    await adaptersSettled();
    await waitingFor('same-origin iframes to settle', Promise.all(childFrames().map(childSettled)));
    await settle();
  }
  function checkTime(t) {
    t = Number(t);
    if (!Number.isFinite(t) || t < 0) throw new Error('__hf.seek: time must be a finite number >= 0, got ' + t);
    return t;
  }
  async function seekNow(t) {
    t = checkTime(t);
    advance(t);
    await settleAll();
    // 'paint': a shader transition waits for the renderer to draw its scenes (begin-frame control, below).
    return (await compositeShaderTransition()) ? 'paint' : t;
  }
  // A shader transition composited in the page (see __HF_VIRTUAL_TIME__ above): its seek wrapper marks the
  // frame pending; then, as HyperFrames' renderer does, the scenes are cloned into canvases (prepare), painted
  // (two real frames here, a tiny screenshot there), and drawn through the shader into its overlay (resolve).
  // Under begin-frame control the browser draws only the frames the renderer sends, so the paint cannot be
  // awaited here: the seek answers 'paint', and the renderer draws two frames and then calls
  // __hf.resolveComposite() (CaptureSession.seek). Returns whether it is waiting for that.
  async function compositeShaderTransition() {
    if (!window.__hf_page_composite_pending) return false;
    if (typeof window.__hf_page_composite_prepare !== 'function' || typeof window.__hf_page_composite_resolve !== 'function') return false;
    await waitingFor('the shader transition to clone its scenes (__hf_page_composite_prepare)', window.__hf_page_composite_prepare());
    if (frameControl) return true;
    await waitingFor('the browser to paint the shader transition\'s scenes', new Promise((resolve) => realRequestAnimationFrame(() => realRequestAnimationFrame(resolve))));
    await resolveComposite();
    return false;
  }
  async function resolveComposite() {
    window.__hf_page_composite_resolve();
    await settle();
  }
  // Pre-roll: the frame times a render from frame 0 would have seeked to before this one, seeked in order
  // without waiting for paint (nothing is captured). rAF callbacks, timers, timelines and the random
  // streams see exactly the sequence of times a render from 0 shows them. Microtasks run between frames,
  // as they do after a seek.
  async function replayNow(times) {
    for (const time of times) {
      advance(checkTime(time));
      await adaptersSettled();
      if (document.fonts && document.fonts.status !== 'loaded') await document.fonts.ready;
      await scriptImagesLoaded();
      await Promise.resolve();
      await Promise.resolve();
    }
    return times.length;
  }
  window.__hf = {
    get duration() { return compositionDuration(); },
    get time() { return nowMs / 1000; },
    seek(t) { seekChain = seekChain.then(() => seekNow(t), () => seekNow(t)); return seekChain; },
    replay(times) { seekChain = seekChain.then(() => replayNow(times), () => replayNow(times)); return seekChain; },
    resolveComposite() { seekChain = seekChain.then(resolveComposite, resolveComposite); return seekChain; },
    get keepsState() { return keepsState || childRuntimes().some((child) => child.keepsState); },
    // Called by the page that holds this document in an iframe (see "same-origin iframes").
    advanceFrame(t) { advance(checkTime(t)); },
    settleFrame: settleAll,
    // What an unfinished seek waits for (SEEK_TIMEOUT names it); null when it waits for nothing on the page.
    get waitingOn() {
      if (waitingOn === 'same-origin iframes to settle') return childrenWaitingOn() || waitingOn;
      return waitingOn;
    },
    get readinessTicks() { return runAheadTicks; },
    // Whether the page registered a map that every seek waits for (vendor then seeks it at every frame).
    get hasLiveMaps() { return liveMaps().length > 0; },
    describe: runtimeReport,
    scope,
    subCompositionScriptFailed,
    stageVideoFrame,
    showStagedVideoFrame,
    showsVideoFrame,
    videoFrameInput,
    realNow: realPerformanceNow,
  };
})();
