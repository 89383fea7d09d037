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
      show("phase-finish"); retakeButton($("btn-retake-last")); return;
    }
    $("item-label").textContent = item.is_followup ? M.followup : fill(M.question, { n: item.number, total: state.total });
    $("question").textContent = item.text;
    if (item.attempt > 1) $("item-label").textContent += " · " + fill(M.attempt, { n: item.attempt, max: item.max_attempts });
    stored(item).then(function (rec) {
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

  function prep(item) {
    if (!canRecord()) { show("phase-file"); return; }
    var left = item.prep_seconds;
    show("phase-prep");
    var tick = function () { $("prep-count").textContent = fill(M.prep, { s: left }); };
    tick();
    ensureStream().catch(function () { show("phase-file"); });
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
    }).catch(function () { show("phase-file"); });
  }
  $("file-input").addEventListener("change", function () {
    var f = this.files && this.files[0]; var item = state.item;
    if (!f || !item) return;
    var rec = { blob: f, mime: f.type || "video/mp4", duration_ms: 0 };
    keep(item, rec).then(function () { upload(item, rec, false); });
  });

  /* --- upload: open (or resume) a session, send 1 MiB chunks with offset + SHA-256, complete --- */
  function upload(item, rec, resumed) {
    show("phase-upload");
    $("upload-note").textContent = resumed ? M.resuming : "";
    var blob = rec.blob, buf;
    var bar = function (n) { $("upload-bar").style.width = (100 * n / blob.size) + "%"; };
    var attempts = 0;
    return blob.arrayBuffer().then(function (b) { buf = b; return rec.sha256 || sha256(b); }).then(function (digest) {
      rec.sha256 = digest;
      window.__oh.uploads.push({ question: item.id, sha256: digest, size: blob.size });
      var open = function () {
        return api("POST", "uploads", { question_id: item.id, size: blob.size, sha256: digest, mime: rec.mime, duration_ms: rec.duration_ms });
      };
      var send = function (session, offset) {
        bar(offset);
        if (offset >= blob.size) return complete(session);
        var piece = buf.slice(offset, Math.min(offset + CHUNK, blob.size));
        return sha256(piece).then(function (sum) {
          return fetch(BASE + "uploads/" + session + "/chunk?offset=" + offset, {
            method: "PUT", body: piece, credentials: "same-origin",
            headers: { "X-CSRFToken": csrf, "X-Chunk-SHA256": sum, "Content-Type": "application/octet-stream" }
          });
        }).then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (j) {
            if (r.ok) { attempts = 0; return send(session, j.offset); }
            if (r.status === 409 && typeof j.offset === "number") return send(session, j.offset);
            if (r.status === 401) { location.reload(); return null; }
            throw new Error((j.error && j.error.message) || ("HTTP " + r.status));
          });
        }, function () { return retry(session); });
      };
      var retry = function (session) {
        attempts += 1;
        $("upload-note").textContent = M.offline;
        return sleep(Math.min(8000, 400 * Math.pow(2, Math.min(attempts - 1, 5)))).then(function () {
          return api("GET", "uploads/" + session).then(function (j) {
            $("upload-note").textContent = M.resuming;
            return send(session, j.offset);
          }, function () { return retry(session); });
        });
      };
      var complete = function (session) {
        return api("POST", "uploads/" + session + "/complete").then(function (j) {
          if (j.__status === 200) {
            return forget(item).then(function () { state = j.state; saved(); });
          }
          if (j.__status === 409 && j.error && j.error.code === "incomplete") {
            return api("GET", "uploads/" + session).then(function (u) { return send(session, u.offset); });
          }
          return forget(item).then(function () { state.item = item; error(j.error ? j.error.message : M.failed); prep(item); });
        }, function () { return sleep(2000).then(function () { return complete(session); }); });
      };
      var start = function () {
        return open().then(function (j) {
          if (j.__status === 201) return send(j.id, j.offset);
          if (j.error && j.error.code === "not_current") { return forget(item).then(refresh); }
          throw new Error(j.error ? j.error.message : M.failed);
        }, function () { return sleep(2000).then(start); });
      };
      return start();
    }).catch(function (e) { error(e.message || M.failed); });
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
