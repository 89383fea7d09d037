/* The candidate's interview: prep countdown, MediaRecorder, resumable chunked upload (openhire).
 * Recordings are kept in IndexedDB until the server confirms them, so a reload or a dropped
 * connection never loses an answer: on load the page resumes any stored recording from the
 * offset the server reports. */
(function () {
  "use strict";
  var root = document.getElementById("interview");
  if (!root) return;
  var BASE = root.dataset.base;
  var KEY = root.dataset.key;
  var CHUNK = window.__ohChunk || 1024 * 1024; // tests shrink it to exercise many chunks
  var M = JSON.parse(document.getElementById("oh-msgs").textContent);
  var state = JSON.parse(document.getElementById("oh-state").textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var $ = function (id) { return document.getElementById(id); };
  var stream = null, recorder = null, timers = [];
  window.__oh = { uploads: [] };

  function show(id) {
    ["phase-prep", "phase-record", "phase-file", "phase-text", "phase-upload", "phase-saved", "phase-finish"].forEach(function (p) {
      $(p).hidden = p !== id;
    });
    $("item").hidden = !(id && ["phase-prep", "phase-record", "phase-file", "phase-text", "phase-upload"].indexOf(id) >= 0);
  }
  function error(msg) { $("error").textContent = msg || ""; $("error").hidden = !msg; }
  function clearTimers() { timers.forEach(clearInterval); timers = []; }
  function fmt(s) { s = Math.max(0, Math.floor(s)); return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); }
  function fill(tpl, vals) { return tpl.replace(/%\((\w+)\)s/g, function (_, k) { return vals[k]; }); }

  function api(method, path, body, headers) {
    var h = Object.assign({ "X-CSRFToken": csrf }, headers || {});
    if (body && !(body instanceof Blob) && !(body instanceof ArrayBuffer)) { h["Content-Type"] = "application/json"; body = JSON.stringify(body); }
    return fetch(BASE + path, { method: method, headers: h, body: body, credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (j) { j.__status = r.status; return j; }); });
  }
  function hex(buf) { return Array.prototype.map.call(new Uint8Array(buf), function (b) { return b.toString(16).padStart(2, "0"); }).join(""); }
  function sha256(buf) { return crypto.subtle.digest("SHA-256", buf).then(hex); }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  /* --- IndexedDB: recordings kept until the server confirms them --- */
  function db() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no idb")); return; }
      var req = indexedDB.open("openhire-interview", 1);
      req.onupgradeneeded = function () { req.result.createObjectStore("recordings"); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function idb(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction("recordings", mode); var req = fn(tx.objectStore("recordings"));
        tx.oncomplete = function () { resolve(req && req.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    }).catch(function () { return null; });
  }
  function recKey(item) { return KEY + "|" + item.id + "|" + item.attempt; }
  var keep = function (item, rec) { return idb("readwrite", function (s) { return s.put(rec, recKey(item)); }); };
  var stored = function (item) { return idb("readonly", function (s) { return s.get(recKey(item)); }); };
  var forget = function (item) { return idb("readwrite", function (s) { return s.delete(recKey(item)); }); };
  // Recordings of questions the server has moved past (accepted, e.g. a completion whose reply was
  // lost before a reload) can never be sent again: drop them so no copy lingers on the phone.
  var prune = function (item) {
    var current = item ? recKey(item) : null;
    return idb("readwrite", function (s) {
      var req = s.openCursor();
      req.onsuccess = function () {
        var c = req.result; if (!c) return;
        if (String(c.key).indexOf(KEY + "|") === 0 && c.key !== current) c.delete();
        c.continue();
      };
      return null;
    });
  };

  /* --- rendering --- */
  function progress() {
    $("progress-label").textContent = fill(M.progress, { done: state.done, total: state.total });
    $("progress-bar").style.width = (state.total ? 100 * state.done / state.total : 0) + "%";
  }
  function render() {
    clearTimers(); error("");
    progress();
    if (state.state !== "in_progress") { location.href = "/i/s/status/"; return; }
    var item = state.item;
    if (!item) {
      prune(null); show("phase-finish"); retakeButton($("btn-retake-last")); return;
    }
    $("item-label").textContent = item.is_followup ? M.followup : fill(M.question, { n: item.number, total: state.total });
    $("question").textContent = item.text;
    if (item.attempt > 1) $("item-label").textContent += " · " + fill(M.attempt, { n: item.attempt, max: item.max_attempts });
    prune(item).then(function () { return stored(item); }).then(function (rec) {
      if (rec && rec.blob) { upload(item, rec, true); return; }
      if (state.mode === "text") { show("phase-text"); $("text-answer").value = ""; $("text-answer").focus(); return; }
      prep(item);
    });
  }
  function retakeButton(btn) {
    btn.hidden = !state.can_retake;
    if (state.can_retake) btn.textContent = M.retake;
  }

  function canRecord() { return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder); }
  function chooseMime() {
    var c = ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm", "video/mp4;codecs=avc1,mp4a", "video/mp4"];
    for (var i = 0; i < c.length; i++) if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(c[i])) return c[i];
    return "";
  }

  function fileFallback(item) {
    $("file-limit").textContent = fill(M.file_limit, { limit: fmt(item.answer_seconds) });
    $("file-input").value = "";
    show("phase-file");
  }
  function prep(item) {
    if (!canRecord()) { fileFallback(item); return; }
    var left = item.prep_seconds;
    show("phase-prep");
    var tick = function () { $("prep-count").textContent = fill(M.prep, { s: left }); };
    tick();
    ensureStream().catch(function () { clearTimers(); fileFallback(item); });
    if (left <= 0) { record(item); return; }
    timers.push(setInterval(function () { left -= 1; tick(); if (left <= 0) { clearTimers(); record(item); } }, 1000));
    $("btn-record-now").onclick = function () { clearTimers(); record(item); };
  }
  function ensureStream() {
    if (stream) return Promise.resolve(stream);
    return navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } } })
      .then(function (s) { stream = s; return s; });
  }
  function record(item) {
    ensureStream().then(function (s) {
      show("phase-record");
      $("live").srcObject = s;
      var mime = chooseMime();
      var parts = [];
      recorder = mime ? new MediaRecorder(s, { mimeType: mime, videoBitsPerSecond: 600000 }) : new MediaRecorder(s);
      var started = Date.now();
      recorder.ondataavailable = function (e) { if (e.data && e.data.size) parts.push(e.data); };
      recorder.onstop = function () {
        clearTimers();
        var type = (recorder.mimeType || mime || "video/webm").split(";")[0];
        var blob = new Blob(parts, { type: type });
        var rec = { blob: blob, mime: type, duration_ms: Date.now() - started };
        keep(item, rec).then(function () { upload(item, rec, false); });
      };
      recorder.start(1000);
      $("rec-limit").textContent = fmt(item.answer_seconds);
      timers.push(setInterval(function () {
        var t = (Date.now() - started) / 1000;
        $("rec-time").textContent = fmt(t);
        if (t >= item.answer_seconds && recorder.state === "recording") recorder.stop();
      }, 250));
      $("btn-stop").onclick = function () { if (recorder.state === "recording") recorder.stop(); };
    }).catch(function () { clearTimers(); fileFallback(item); });
  }
  /* --- file-input fallback (the phone's camera app): check the clip's length before sending it --- */
  var FILE_TOLERANCE_S = 2; // camera apps stop a little late; the server allows more
  function clipSeconds(file) {
    return new Promise(function (resolve) {
      var url, v = document.createElement("video"), done = false;
      var finish = function (d) {
        if (done) return; done = true;
        try { URL.revokeObjectURL(url); } catch (e) { /* ignore */ }
        resolve(isFinite(d) && d > 0 ? d : null);
      };
      try { url = URL.createObjectURL(file); } catch (e) { finish(null); return; }
      v.preload = "metadata"; v.muted = true;
      v.onloadedmetadata = function () { finish(v.duration); };
      v.onerror = function () { finish(null); };
      setTimeout(function () { finish(null); }, 4000); // unreadable here: the server checks it
      v.src = url;
    });
  }
  $("file-input").addEventListener("change", function () {
    var input = this, f = input.files && input.files[0], item = state.item;
    if (!f || !item) return;
    error("");
    clipSeconds(f).then(function (secs) {
      if (secs !== null && secs > item.answer_seconds + FILE_TOLERANCE_S) {
        input.value = "";
        error(fill(M.too_long, { length: fmt(secs), limit: fmt(item.answer_seconds) }));
        return;
      }
      var rec = { blob: f, mime: f.type || "video/mp4", duration_ms: secs ? Math.round(secs * 1000) : 0 };
      keep(item, rec).then(function () { upload(item, rec, false); });
    });
  });

  /* --- upload: open (or resume) a session, send chunks with offset + SHA-256, complete ---
   * Every reply is sorted into: done, continue elsewhere (offset, new session), retry later (network
   * errors, 408, 429, 5xx: exponential backoff, then ask the server where it stands), resend (a chunk
   * that arrived damaged), or a definite refusal of the media (the only case, besides the server
   * accepting the answer, where the recording kept on the phone is deleted). */
  var RETRY_MAX = window.__ohRetryMax || 8;       // attempts in a row before asking the candidate
  var RETRY_BASE = window.__ohRetryBase || 500;   // ms; doubled each time (tests shrink it)
  var RETRY_CAP = 15000;
  var RESTART_MAX = 3;                            // fresh upload sessions for one recording

  function req(method, path, body, headers) { // never rejects: a dropped connection is status 0
    var h = Object.assign({ "X-CSRFToken": csrf }, headers || {});
    if (body && !(body instanceof Blob) && !(body instanceof ArrayBuffer)) { h["Content-Type"] = "application/json"; body = JSON.stringify(body); }
    return fetch(BASE + path, { method: method, headers: h, body: body, credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        var after = parseInt(r.headers.get("Retry-After") || "", 10);
        return r.json().catch(function () { return {}; }).then(function (j) {
          return { status: r.status, body: j || {}, retryAfter: isFinite(after) ? after : 0 };
        });
      }, function () { return { status: 0, body: {}, retryAfter: 0 }; });
  }
  function transient(status) { return status === 0 || status === 408 || status === 429 || status >= 500; }
  function code(r) { return (r.body.error && r.body.error.code) || ""; }
  function message(r) { return (r.body.error && r.body.error.message) || M.failed; }

  function upload(item, rec, resumed) {
    show("phase-upload");
    error("");
    var retryBtn = $("btn-upload-retry"); retryBtn.hidden = true;
    var blob = rec.blob, buf = null, session = null, failures = 0, restarts = 0, weak = false;
    var entry = null;
    var note = function (text, isWeak) {
      weak = !!isWeak;
      $("upload-note").textContent = text || "";
      $("upload-note").classList.toggle("weak", weak);
    };
    var bar = function (n) { $("upload-bar").style.width = (100 * n / blob.size) + "%"; };
    note(resumed ? M.resuming : "");

    var backoff = function (r) { // wait before the next try; false once the tries are used up
      failures += 1;
      if (failures > RETRY_MAX) return Promise.resolve(false);
      var ms = Math.min(RETRY_CAP, RETRY_BASE * Math.pow(2, failures - 1));
      if (r && r.retryAfter) ms = Math.min(RETRY_CAP * 2, Math.max(ms, r.retryAfter * 1000));
      note(fill(M.retrying, { n: failures, max: RETRY_MAX }), true);
      entry.retries += 1;
      return sleep(ms * (0.85 + Math.random() * 0.3)).then(function () { return true; });
    };
    var later = function (r, next) { return backoff(r).then(function (go) { return go ? next() : stalled(); }); };
    var stalled = function () { // keep the recording; let the candidate try again when the network is back
      note(M.stalled, true);
      retryBtn.hidden = false;
      retryBtn.onclick = function () { retryBtn.hidden = true; upload(item, rec, true); };
      return null;
    };
    var stop = function (msg) { error(msg); return stalled(); };
    var progressed = function () { failures = 0; if (weak) note(M.resuming); };
    var signedOut = function (r) { return r.status === 401 || (r.status === 403 && code(r) === "csrf"); };
    var refused = function (r) { // the server will never take this recording: say why, record again
      entry.refused = code(r);
      return forget(item).then(function () { state.item = item; prep(item); error(message(r)); });
    };
    var accepted = function (body) {
      entry.accepted = body.sha256;
      note(""); // the next answer's upload starts with no word left over from this one
      return forget(item).then(function () { state = body.state; saved(); });
    };

    var open = function () {
      return req("POST", "uploads", { question_id: item.id, size: blob.size, sha256: rec.sha256, mime: rec.mime, duration_ms: rec.duration_ms })
        .then(function (r) {
          if (r.status === 201) { progressed(); session = r.body.id; return send(r.body.offset); }
          if (transient(r.status)) return later(r, open);
          if (signedOut(r)) { location.reload(); return null; }
          if (r.status === 409) { return forget(item).then(refresh); } // answered already, moved on, or typed answers now
          if (r.status === 413 || r.status === 422) return refused(r); // too long, too large, not audio/video
          return stop(message(r));
        });
    };
    var restart = function () { // the server's upload session is gone or its copy was damaged: a new one
      restarts += 1;
      if (restarts > RESTART_MAX) return stop(M.failed);
      session = null;
      return open();
    };
    var resync = function () { // where does the server stand? (after any failure, before resuming)
      return req("GET", "uploads/" + session).then(function (r) {
        if (r.status === 200) {
          if (r.body.state === "complete") return complete();
          if (r.body.state !== "open") return restart();
          note(M.resuming, weak);
          return send(r.body.offset);
        }
        if (transient(r.status)) return later(r, resync);
        if (signedOut(r)) { location.reload(); return null; }
        if (r.status === 404) return restart();
        return stop(message(r));
      });
    };
    var send = function (offset) {
      bar(offset);
      if (offset >= blob.size) return complete();
      var piece = buf.slice(offset, Math.min(offset + CHUNK, blob.size));
      return sha256(piece).then(function (sum) {
        return req("PUT", "uploads/" + session + "/chunk?offset=" + offset, piece,
          { "X-Chunk-SHA256": sum, "Content-Type": "application/octet-stream" });
      }).then(function (r) {
        if (r.status === 200) { progressed(); return send(r.body.offset); }
        if (r.status === 409 && code(r) === "offset_mismatch" && typeof r.body.offset === "number") return send(r.body.offset);
        if (r.status === 409) return restart();
        if (code(r) === "chunk_damaged" || r.status === 400) { // resend that chunk, now
          entry.resent += 1;
          failures += 1;
          return failures > RETRY_MAX ? stalled() : send(offset);
        }
        if (transient(r.status)) return later(r, resync);
        if (signedOut(r)) { location.reload(); return null; }
        if (r.status === 404) return restart();
        return stop(message(r));
      });
    };
    var complete = function () {
      entry.completes += 1;
      return req("POST", "uploads/" + session + "/complete").then(function (r) {
        if (r.status === 200) return accepted(r.body); // also the answer to a retry after a lost reply
        if (r.status === 409 && code(r) === "incomplete") return resync();
        if (r.status === 409) return restart();
        if (r.status === 422 && code(r) === "checksum") return restart(); // damaged on the way: send it again
        if (r.status === 422 && code(r).indexOf("media_") === 0) return refused(r);
        if (r.status === 413) return refused(r);
        if (transient(r.status)) return later(r, resync); // maybe it was done and the reply got lost
        if (signedOut(r)) { location.reload(); return null; }
        if (r.status === 404) return restart();
        return stop(message(r));
      });
    };

    return blob.arrayBuffer().then(function (b) { buf = b; return rec.sha256 || sha256(b); }).then(function (digest) {
      if (!rec.sha256) { rec.sha256 = digest; keep(item, rec); }
      entry = { question: item.id, sha256: digest, size: blob.size, retries: 0, resent: 0, completes: 0, accepted: null, refused: null };
      window.__oh.uploads.push(entry);
      return open();
    }).catch(function (e) { stop((e && e.message) || M.failed); });
  }

  function saved() {
    show("phase-saved");
    progress();
    retakeButton($("btn-retake"));
    $("btn-next").textContent = state.item ? M.next : M.review;
  }
  function refresh() { return api("GET", "state").then(function (j) { state = j; render(); }); }

  $("btn-next").onclick = function () { render(); };
  $("btn-text").onclick = function () {
    var item = state.item; var text = $("text-answer").value.trim();
    if (!text) { error(M.empty); return; }
    this.disabled = true; var btn = this;
    api("POST", "text", { question_id: item.id, text: text }).then(function (j) {
      btn.disabled = false;
      if (j.__status === 200) { state = j.state; saved(); } else error(j.error ? j.error.message : M.failed);
    }, function () { btn.disabled = false; error(M.offline); });
  };
  var retake = function () {
    api("POST", "retake", { question_id: state.last_answered }).then(function (j) {
      if (j.__status === 200) { state = j.state; render(); } else error(j.error ? j.error.message : M.failed);
    });
  };
  $("btn-retake").onclick = retake;
  $("btn-retake-last").onclick = retake;
  $("btn-finish").onclick = function () {
    this.disabled = true; var btn = this;
    api("POST", "finish").then(function (j) {
      if (j.__status === 200) location.href = j.next; else { btn.disabled = false; error(j.error ? j.error.message : M.failed); }
    }, function () { btn.disabled = false; error(M.offline); });
  };
  render();
})();
